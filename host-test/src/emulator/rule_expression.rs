//! The part of the Okta Expression Language that group rules accept ("Expressions in group
//! rules": `String`, `Arrays` and `user` expressions that evaluate to a Boolean), parsed once
//! when a rule is saved and evaluated against each user:
//!
//! ```text
//! or         := and ( ("||" | "OR") and )*
//! and        := unary ( ("&&" | "AND") unary )*
//! unary      := "!" unary | comparison
//! comparison := concat ( ("==" | "!=" | "<" | "<=" | ">" | ">=") concat )?
//! concat     := primary ( "+" primary )*
//! primary    := literal | "(" or ")" | user.attribute | user.getInternalProperty("id"|"status")
//!             | Function(args)
//! literal    := "text" | 'text' | number | true | false | null
//! ```
//!
//! `AND`/`OR` are case-insensitive, as in SpEL; a quote inside a string is doubled, as in SpEL
//! (there are no backslash escapes). Whatever Okta documents as not allowed in rules (`Convert`,
//! `Time`, assignments, `user.getGroups`) and whatever the emulator does not implement is refused
//! when the rule is saved, so a rule that is accepted always evaluates. Values that are absent
//! or of the wrong type make a comparison or function false rather than an error, as Okta skips a
//! user whose attribute is unset.

use serde_json::Value as Json;

/// A value while evaluating.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<Value>),
    Null,
}

impl Value {
    fn from_json(json: &Json) -> Self {
        match json {
            Json::String(text) => Value::Text(text.clone()),
            Json::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
            Json::Bool(b) => Value::Bool(*b),
            Json::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            Json::Null | Json::Object(_) => Value::Null,
        }
    }

    fn truth(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    fn text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// What an expression reads about the user it is evaluated for.
pub trait Subject {
    /// A profile attribute (`user.department`); `None` when unset.
    fn attribute(&self, name: &str) -> Option<&Json>;
    fn id(&self) -> &str;
    fn status(&self) -> &str;
    /// The user's groups, as (id, name).
    fn groups(&self) -> Vec<(&str, &str)>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The functions rules may call, with the number of arguments each takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Function {
    StringContains,
    StartsWith,
    SubstringBefore,
    SubstringAfter,
    Substring,
    ToLowerCase,
    ToUpperCase,
    Len,
    RemoveSpaces,
    Append,
    Join,
    StringSwitch,
    ArraysContains,
    ArraysSize,
    ArraysIsEmpty,
    IsMemberOfGroup,
    IsMemberOfAnyGroup,
    IsMemberOfGroupName,
    IsMemberOfGroupNameStartsWith,
    IsMemberOfGroupNameContains,
}

/// What a function or operator yields, known when the rule is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Text,
    Number,
    /// A profile attribute: any type until evaluated.
    Any,
    Null,
}

/// The static shape of an argument list: exactly `n`, or at least `n`.
#[derive(Clone, Copy)]
enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

const FUNCTIONS: &[(&str, Function, Arity, Kind)] = &[
    (
        "String.stringContains",
        Function::StringContains,
        Arity::Exactly(2),
        Kind::Bool,
    ),
    (
        "String.startsWith",
        Function::StartsWith,
        Arity::Exactly(2),
        Kind::Bool,
    ),
    (
        "String.substringBefore",
        Function::SubstringBefore,
        Arity::Exactly(2),
        Kind::Text,
    ),
    (
        "String.substringAfter",
        Function::SubstringAfter,
        Arity::Exactly(2),
        Kind::Text,
    ),
    (
        "String.substring",
        Function::Substring,
        Arity::Exactly(3),
        Kind::Text,
    ),
    (
        "String.toLowerCase",
        Function::ToLowerCase,
        Arity::Exactly(1),
        Kind::Text,
    ),
    (
        "String.toUpperCase",
        Function::ToUpperCase,
        Arity::Exactly(1),
        Kind::Text,
    ),
    ("String.len", Function::Len, Arity::Exactly(1), Kind::Number),
    (
        "String.removeSpaces",
        Function::RemoveSpaces,
        Arity::Exactly(1),
        Kind::Text,
    ),
    (
        "String.append",
        Function::Append,
        Arity::Exactly(2),
        Kind::Text,
    ),
    ("String.join", Function::Join, Arity::AtLeast(1), Kind::Text),
    (
        "String.stringSwitch",
        Function::StringSwitch,
        Arity::AtLeast(2),
        Kind::Text,
    ),
    (
        "Arrays.contains",
        Function::ArraysContains,
        Arity::Exactly(2),
        Kind::Bool,
    ),
    (
        "Arrays.size",
        Function::ArraysSize,
        Arity::Exactly(1),
        Kind::Number,
    ),
    (
        "Arrays.isEmpty",
        Function::ArraysIsEmpty,
        Arity::Exactly(1),
        Kind::Bool,
    ),
    (
        "isMemberOfGroup",
        Function::IsMemberOfGroup,
        Arity::Exactly(1),
        Kind::Bool,
    ),
    (
        "isMemberOfAnyGroup",
        Function::IsMemberOfAnyGroup,
        Arity::AtLeast(1),
        Kind::Bool,
    ),
    (
        "isMemberOfGroupName",
        Function::IsMemberOfGroupName,
        Arity::Exactly(1),
        Kind::Bool,
    ),
    (
        "isMemberOfGroupNameStartsWith",
        Function::IsMemberOfGroupNameStartsWith,
        Arity::Exactly(1),
        Kind::Bool,
    ),
    (
        "isMemberOfGroupNameContains",
        Function::IsMemberOfGroupNameContains,
        Arity::Exactly(1),
        Kind::Bool,
    ),
];

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Literal(Value),
    /// `user.department`.
    Attribute(String),
    /// `user.getInternalProperty("status")`: true for `status`, false for `id`.
    Internal(bool),
    Call(Function, Vec<Node>),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Compare(Compare, Box<Node>, Box<Node>),
    Concat(Box<Node>, Box<Node>),
}

/// A parsed, checked rule expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    root: Node,
}

impl Expression {
    /// Whether the expression holds for `subject`.
    pub fn matches(&self, subject: &impl Subject) -> bool {
        eval(&self.root, subject).truth()
    }

    /// The profile attributes the expression reads, for checking them against the schema.
    pub fn attributes(&self) -> Vec<&str> {
        let mut found = Vec::new();
        collect_attributes(&self.root, &mut found);
        found
    }
}

fn collect_attributes<'a>(node: &'a Node, found: &mut Vec<&'a str>) {
    match node {
        Node::Attribute(name) => found.push(name),
        Node::Call(_, args) => args.iter().for_each(|a| collect_attributes(a, found)),
        Node::Not(inner) => collect_attributes(inner, found),
        Node::And(a, b) | Node::Or(a, b) | Node::Compare(_, a, b) | Node::Concat(a, b) => {
            collect_attributes(a, found);
            collect_attributes(b, found);
        }
        Node::Literal(_) | Node::Internal(_) => {}
    }
}

// ----- tokens -----

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    Dot,
    Bang,
    Plus,
    AndAnd,
    OrOr,
    Compare(Compare),
    Text(String),
    Number(f64),
    Name(String),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (token, width) = match (c, next) {
            (c, _) if c.is_whitespace() => {
                i += 1;
                continue;
            }
            ('(', _) => (Token::Open, 1),
            (')', _) => (Token::Close, 1),
            (',', _) => (Token::Comma, 1),
            ('.', _) => (Token::Dot, 1),
            ('+', _) => (Token::Plus, 1),
            ('&', Some('&')) => (Token::AndAnd, 2),
            ('|', Some('|')) => (Token::OrOr, 2),
            ('=', Some('=')) => (Token::Compare(Compare::Eq), 2),
            ('!', Some('=')) => (Token::Compare(Compare::Ne), 2),
            ('<', Some('=')) => (Token::Compare(Compare::Le), 2),
            ('>', Some('=')) => (Token::Compare(Compare::Ge), 2),
            ('<', _) => (Token::Compare(Compare::Lt), 1),
            ('>', _) => (Token::Compare(Compare::Gt), 1),
            ('!', _) => (Token::Bang, 1),
            ('=', _) => return Err("assignments ('=') are not allowed; compare with '=='".into()),
            ('"' | '\'', _) => {
                let (value, width) = quoted(&chars[i..])?;
                (Token::Text(value), width)
            }
            (c, _) if c.is_ascii_digit() => {
                let width = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == '.')
                    .count();
                let literal: String = chars[i..i + width].iter().collect();
                let number = literal
                    .parse::<f64>()
                    .map_err(|_| format!("'{literal}' is not a number"))?;
                (Token::Number(number), width)
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {
                let width = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '$')
                    .count();
                (Token::Name(chars[i..i + width].iter().collect()), width)
            }
            (c, _) => return Err(format!("unexpected '{c}'")),
        };
        tokens.push(token);
        i += width;
    }
    Ok(tokens)
}

/// A string literal at the start of `chars`, and how many characters it took.
fn quoted(chars: &[char]) -> Result<(String, usize), String> {
    let quote = chars[0];
    let mut value = String::new();
    let mut i = 1;
    loop {
        match chars.get(i) {
            None => return Err("a string literal is never closed".into()),
            Some(&c) if c == quote && chars.get(i + 1) == Some(&quote) => {
                value.push(quote);
                i += 2;
            }
            Some(&c) if c == quote => return Ok((value, i + 1)),
            Some(&c) => {
                value.push(c);
                i += 1;
            }
        }
    }
}

// ----- parser -----

/// The deepest nesting of parentheses, calls and `!` parsed: the parser and the evaluator
/// recurse once per level, so a hostile `((((…` must be refused, not overflow the stack.
pub const MAX_NESTING: usize = 32;
/// The most terms (literals, attributes and calls) in one expression.
pub const MAX_TERMS: usize = 1_000;

/// Parses and checks a rule expression; the error says what is wrong.
pub fn parse(text: &str) -> Result<Expression, String> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err("the expression is empty".into());
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
        terms: 0,
    };
    let (root, kind) = parser.or()?;
    if let Some(token) = parser.tokens.get(parser.next) {
        return Err(format!(
            "unexpected {} after the expression",
            describe(token)
        ));
    }
    if !matches!(kind, Kind::Bool | Kind::Any) {
        return Err("the expression must evaluate to a Boolean".into());
    }
    Ok(Expression { root })
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
    terms: usize,
}

fn describe(token: &Token) -> String {
    match token {
        Token::Text(text) => format!("\"{text}\""),
        Token::Number(n) => format!("{n}"),
        Token::Name(name) => format!("'{name}'"),
        other => format!("{other:?}"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn take(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        self.next += 1;
        token
    }

    fn expect(&mut self, wanted: Token) -> Result<(), String> {
        match self.take() {
            Some(token) if token == wanted => Ok(()),
            Some(other) => Err(format!(
                "expected {} but found {}",
                describe(&wanted),
                describe(&other)
            )),
            None => Err(format!("expected {} at the end", describe(&wanted))),
        }
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Name(w)) if w.eq_ignore_ascii_case(word))
    }

    /// Enters one level of nesting, refusing to go deeper than [`MAX_NESTING`].
    fn descend(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(format!("the expression nests more than {MAX_NESTING} deep"));
        }
        Ok(())
    }

    fn term(&mut self) -> Result<(), String> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(format!("the expression has more than {MAX_TERMS} terms"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<(Node, Kind), String> {
        let (mut left, mut kind) = self.and()?;
        while self.peek() == Some(&Token::OrOr) || self.keyword("or") {
            self.next += 1;
            let (right, right_kind) = self.and()?;
            boolean(kind, "||")?;
            boolean(right_kind, "||")?;
            left = Node::Or(Box::new(left), Box::new(right));
            kind = Kind::Bool;
        }
        Ok((left, kind))
    }

    fn and(&mut self) -> Result<(Node, Kind), String> {
        let (mut left, mut kind) = self.unary()?;
        while self.peek() == Some(&Token::AndAnd) || self.keyword("and") {
            self.next += 1;
            let (right, right_kind) = self.unary()?;
            boolean(kind, "&&")?;
            boolean(right_kind, "&&")?;
            left = Node::And(Box::new(left), Box::new(right));
            kind = Kind::Bool;
        }
        Ok((left, kind))
    }

    fn unary(&mut self) -> Result<(Node, Kind), String> {
        if self.peek() == Some(&Token::Bang) {
            self.next += 1;
            self.descend()?;
            let (inner, kind) = self.unary()?;
            self.depth -= 1;
            boolean(kind, "!")?;
            return Ok((Node::Not(Box::new(inner)), Kind::Bool));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<(Node, Kind), String> {
        let (left, kind) = self.concat()?;
        let Some(Token::Compare(op)) = self.peek().cloned() else {
            return Ok((left, kind));
        };
        self.next += 1;
        let (right, right_kind) = self.concat()?;
        let ordered = !matches!(op, Compare::Eq | Compare::Ne);
        if ordered && [kind, right_kind].contains(&Kind::Bool) {
            return Err("Booleans cannot be ordered with <, <=, > or >=".into());
        }
        Ok((
            Node::Compare(op, Box::new(left), Box::new(right)),
            Kind::Bool,
        ))
    }

    fn concat(&mut self) -> Result<(Node, Kind), String> {
        let (mut left, mut kind) = self.primary()?;
        while self.peek() == Some(&Token::Plus) {
            self.next += 1;
            let (right, _) = self.primary()?;
            left = Node::Concat(Box::new(left), Box::new(right));
            kind = Kind::Text;
        }
        Ok((left, kind))
    }

    fn primary(&mut self) -> Result<(Node, Kind), String> {
        match self.take() {
            Some(Token::Open) => {
                self.descend()?;
                let inner = self.or()?;
                self.depth -= 1;
                self.expect(Token::Close)?;
                Ok(inner)
            }
            Some(Token::Text(text)) => {
                self.term()?;
                Ok((Node::Literal(Value::Text(text)), Kind::Text))
            }
            Some(Token::Number(n)) => {
                self.term()?;
                Ok((Node::Literal(Value::Number(n)), Kind::Number))
            }
            Some(Token::Name(name)) => {
                self.term()?;
                self.named(name)
            }
            Some(other) => Err(format!("unexpected {}", describe(&other))),
            None => Err("the expression ends where a value should be".into()),
        }
    }

    /// A literal keyword, a `user` reference or a function call, starting at `first`.
    fn named(&mut self, first: String) -> Result<(Node, Kind), String> {
        match first.to_ascii_lowercase().as_str() {
            "true" => return Ok((Node::Literal(Value::Bool(true)), Kind::Bool)),
            "false" => return Ok((Node::Literal(Value::Bool(false)), Kind::Bool)),
            "null" => return Ok((Node::Literal(Value::Null), Kind::Null)),
            _ => {}
        }
        let mut path = vec![first];
        while self.peek() == Some(&Token::Dot) {
            self.next += 1;
            match self.take() {
                Some(Token::Name(name)) => path.push(name),
                _ => return Err(format!("'{}.' must be followed by a name", path.join("."))),
            }
        }
        let name = path.join(".");
        if self.peek() == Some(&Token::Open) {
            self.next += 1;
            return self.call(&name);
        }
        match path.as_slice() {
            [user, attribute] if user == "user" => {
                Ok((Node::Attribute(attribute.clone()), Kind::Any))
            }
            _ => Err(format!("Invalid property {name} in expression")),
        }
    }

    fn call(&mut self, name: &str) -> Result<(Node, Kind), String> {
        self.descend()?;
        let args = self.arguments()?;
        self.depth -= 1;
        if name == "user.getInternalProperty" {
            return match args.as_slice() {
                [(Node::Literal(Value::Text(p)), _)] if p == "status" => {
                    Ok((Node::Internal(true), Kind::Text))
                }
                [(Node::Literal(Value::Text(p)), _)] if p == "id" => {
                    Ok((Node::Internal(false), Kind::Text))
                }
                _ => Err("user.getInternalProperty takes \"id\" or \"status\"".into()),
            };
        }
        let Some((_, function, arity, kind)) = FUNCTIONS.iter().find(|(n, ..)| *n == name) else {
            return Err(format!(
                "the function {name} is not supported in group rules"
            ));
        };
        let count = args.len();
        let fits = match arity {
            Arity::Exactly(n) => count == *n,
            Arity::AtLeast(n) => count >= *n,
        };
        if !fits {
            return Err(format!("{name} does not take {count} argument(s)"));
        }
        if let Some((_, bad)) = args.iter().find(|(_, k)| *k == Kind::Bool) {
            return Err(format!("{name} does not take a {bad:?} argument"));
        }
        Ok((
            Node::Call(*function, args.into_iter().map(|(node, _)| node).collect()),
            *kind,
        ))
    }

    /// Arguments up to the closing parenthesis (the opening one is already taken).
    fn arguments(&mut self) -> Result<Vec<(Node, Kind)>, String> {
        let mut args = Vec::new();
        if self.peek() == Some(&Token::Close) {
            self.next += 1;
            return Ok(args);
        }
        loop {
            args.push(self.or()?);
            match self.take() {
                Some(Token::Comma) => {}
                Some(Token::Close) => return Ok(args),
                Some(other) => {
                    return Err(format!(
                        "expected ',' or ')' but found {}",
                        describe(&other)
                    ));
                }
                None => return Err("a call's '(' is never closed".into()),
            }
        }
    }
}

/// Refuses a non-Boolean operand of a logical operator.
fn boolean(kind: Kind, operator: &str) -> Result<(), String> {
    match kind {
        Kind::Bool | Kind::Any => Ok(()),
        other => Err(format!(
            "'{operator}' needs Boolean operands, not {other:?}"
        )),
    }
}

// ----- evaluation -----

fn eval(node: &Node, subject: &impl Subject) -> Value {
    match node {
        Node::Literal(value) => value.clone(),
        Node::Attribute(name) => subject
            .attribute(name)
            .map_or(Value::Null, Value::from_json),
        Node::Internal(status) => Value::Text(if *status {
            subject.status().to_string()
        } else {
            subject.id().to_string()
        }),
        Node::Not(inner) => match eval(inner, subject) {
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::Bool(false),
        },
        Node::And(a, b) => Value::Bool(eval(a, subject).truth() && eval(b, subject).truth()),
        Node::Or(a, b) => Value::Bool(eval(a, subject).truth() || eval(b, subject).truth()),
        Node::Compare(op, a, b) => Value::Bool(compare(*op, &eval(a, subject), &eval(b, subject))),
        Node::Concat(a, b) => {
            let (a, b) = (eval(a, subject), eval(b, subject));
            Value::Text(format!("{}{}", display(&a), display(&b)))
        }
        Node::Call(function, args) => {
            let args: Vec<Value> = args.iter().map(|a| eval(a, subject)).collect();
            call(*function, &args, subject)
        }
    }
}

/// How SpEL writes a value when concatenating.
fn display(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => items.iter().map(display).collect::<Vec<_>>().join(","),
        Value::Null => "null".into(),
    }
}

fn compare(op: Compare, a: &Value, b: &Value) -> bool {
    let order = match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match op {
        Compare::Eq => a == b,
        Compare::Ne => a != b,
        Compare::Lt => order.is_some_and(|o| o.is_lt()),
        Compare::Le => order.is_some_and(|o| o.is_le()),
        Compare::Gt => order.is_some_and(|o| o.is_gt()),
        Compare::Ge => order.is_some_and(|o| o.is_ge()),
    }
}

fn call(function: Function, args: &[Value], subject: &impl Subject) -> Value {
    let text = |i: usize| args.get(i).and_then(Value::text);
    let texts = || args.iter().filter_map(Value::text);
    let both = |f: fn(&str, &str) -> Value| match (text(0), text(1)) {
        (Some(a), Some(b)) => f(a, b),
        _ => Value::Null,
    };
    let groups = || subject.groups();
    let any_name = |f: &dyn Fn(&str) -> bool| Value::Bool(groups().iter().any(|(_, name)| f(name)));
    match function {
        Function::StringContains => Value::Bool(both(|a, b| Value::Bool(a.contains(b))).truth()),
        Function::StartsWith => Value::Bool(both(|a, b| Value::Bool(a.starts_with(b))).truth()),
        Function::SubstringBefore => {
            both(|a, b| Value::Text(a.split_once(b).map_or(a, |(before, _)| before).to_string()))
        }
        Function::SubstringAfter => {
            both(|a, b| Value::Text(a.split_once(b).map_or("", |(_, after)| after).to_string()))
        }
        Function::Substring => substring(text(0), args.get(1), args.get(2)),
        Function::ToLowerCase => text(0).map_or(Value::Null, |t| Value::Text(t.to_lowercase())),
        Function::ToUpperCase => text(0).map_or(Value::Null, |t| Value::Text(t.to_uppercase())),
        Function::Len => text(0).map_or(Value::Null, |t| Value::Number(t.chars().count() as f64)),
        Function::RemoveSpaces => text(0).map_or(Value::Null, |t| {
            Value::Text(t.chars().filter(|c| !c.is_whitespace()).collect())
        }),
        Function::Append => both(|a, b| Value::Text(format!("{a}{b}"))),
        Function::Join => match text(0) {
            Some(separator) => Value::Text(texts().skip(1).collect::<Vec<_>>().join(separator)),
            None => Value::Null,
        },
        Function::StringSwitch => string_switch(args),
        Function::ArraysContains => Value::Bool(match (args.first(), args.get(1)) {
            (Some(Value::List(items)), Some(wanted)) => items.contains(wanted),
            _ => false,
        }),
        Function::ArraysSize => Value::Number(match args.first() {
            Some(Value::List(items)) => items.len() as f64,
            _ => 0.0,
        }),
        Function::ArraysIsEmpty => {
            Value::Bool(!matches!(args.first(), Some(Value::List(items)) if !items.is_empty()))
        }
        Function::IsMemberOfGroup | Function::IsMemberOfAnyGroup => {
            let wanted: Vec<&str> = texts().collect();
            Value::Bool(groups().iter().any(|(id, _)| wanted.contains(id)))
        }
        Function::IsMemberOfGroupName => match text(0) {
            Some(wanted) => any_name(&|name| name == wanted),
            None => Value::Bool(false),
        },
        Function::IsMemberOfGroupNameStartsWith => match text(0) {
            Some(prefix) => any_name(&|name| name.starts_with(prefix)),
            None => Value::Bool(false),
        },
        Function::IsMemberOfGroupNameContains => match text(0) {
            Some(part) => any_name(&|name| name.contains(part)),
            None => Value::Bool(false),
        },
    }
}

/// `String.substring(input, start, end)`, by character; out-of-range indexes give null.
fn substring(input: Option<&str>, start: Option<&Value>, end: Option<&Value>) -> Value {
    let (Some(input), Some(start), Some(end)) = (
        input,
        start.and_then(Value::number),
        end.and_then(Value::number),
    ) else {
        return Value::Null;
    };
    let chars: Vec<char> = input.chars().collect();
    let (start, end) = (start as usize, end as usize);
    if start > end || end > chars.len() {
        return Value::Null;
    }
    Value::Text(chars[start..end].iter().collect())
}

/// `String.stringSwitch(input, default, key1, value1, …)`: the value of the first key the input
/// contains.
fn string_switch(args: &[Value]) -> Value {
    let (Some(Value::Text(input)), Some(default)) = (args.first(), args.get(1)) else {
        return Value::Null;
    };
    args[2..]
        .chunks(2)
        .find_map(|pair| match pair {
            [Value::Text(key), value] if input.contains(key.as_str()) => Some(value.clone()),
            _ => None,
        })
        .unwrap_or_else(|| default.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};

    struct User {
        profile: Map<String, Json>,
        status: &'static str,
        groups: Vec<(&'static str, &'static str)>,
    }

    impl Subject for User {
        fn attribute(&self, name: &str) -> Option<&Json> {
            self.profile.get(name)
        }
        fn id(&self) -> &str {
            "00u1"
        }
        fn status(&self) -> &str {
            self.status
        }
        fn groups(&self) -> Vec<(&str, &str)> {
            self.groups.clone()
        }
    }

    fn ada() -> User {
        let Json::Object(profile) = json!({
            "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com",
            "department": "Engineering", "title": "Senior Engineer", "salary": 120000,
            "isContractor": false, "badges": ["red", "blue"], "nickName": null
        }) else {
            unreachable!()
        };
        User {
            profile,
            status: "ACTIVE",
            groups: vec![("00gEveryone", "Everyone"), ("00gEng", "Engineering West")],
        }
    }

    fn holds(text: &str) -> bool {
        parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .matches(&ada())
    }

    #[test]
    fn comparisons_and_logic() {
        for (text, expected) in [
            (r#"user.department == "Engineering""#, true),
            (r#"user.department=="Engineering""#, true),
            (r#"user.department == 'Engineering'"#, true),
            (r#"user.department == "engineering""#, false),
            (r#"user.department != "Sales""#, true),
            (
                r#"user.department == "Engineering" && user.lastName == "Byron""#,
                false,
            ),
            (
                r#"user.department == "Sales" OR user.lastName == "Lovelace""#,
                true,
            ),
            (
                r#"user.department == "Sales" or user.lastName == "Lovelace""#,
                true,
            ),
            (r#"!(user.department == "Sales")"#, true),
            (r#"user.salary >= 100000 AND !user.isContractor"#, true),
            (r#"user.salary < 100000"#, false),
            (r#"user.firstName < "B""#, true),
            ("user.nickName == null", true),
            ("user.missing == null", true),
            ("user.missing != null", false),
            ("true", true),
            ("false || user.isContractor", false),
            (
                r#"user.firstName + " " + user.lastName == "Ada Lovelace""#,
                true,
            ),
            (r#"user.getInternalProperty("status") == "ACTIVE""#, true),
            (r#"user.getInternalProperty("id") == "00u1""#, true),
            (r#"'it''s' == "it's""#, true),
        ] {
            assert_eq!(holds(text), expected, "{text}");
        }
    }

    #[test]
    fn string_array_and_group_functions() {
        for (text, expected) in [
            (r#"String.stringContains(user.email, "@example.com")"#, true),
            (r#"String.startsWith(user.title, "Senior")"#, true),
            (r#"String.substringBefore(user.email, "@") == "ada""#, true),
            (
                r#"String.substringAfter(user.email, "@") == "example.com""#,
                true,
            ),
            (
                r#"String.toLowerCase(user.department) == "engineering""#,
                true,
            ),
            (r#"String.toUpperCase(user.firstName) == "ADA""#, true),
            (r#"String.len(user.firstName) == 3"#, true),
            (r#"String.substring(user.lastName, 0, 4) == "Love""#, true),
            (
                r#"String.removeSpaces(user.title) == "SeniorEngineer""#,
                true,
            ),
            (r#"String.append(user.firstName, "!") == "Ada!""#, true),
            (r#"String.join("-", "a", "b") == "a-b""#, true),
            (
                r#"String.stringSwitch(user.title, "x", "Junior", "j", "Senior", "s") == "s""#,
                true,
            ),
            (r#"Arrays.contains(user.badges, "blue")"#, true),
            (r#"Arrays.size(user.badges) == 2"#, true),
            (r#"Arrays.isEmpty(user.missing)"#, true),
            (r#"isMemberOfGroup("00gEng")"#, true),
            (r#"isMemberOfAnyGroup("00gX", "00gEng")"#, true),
            (r#"isMemberOfGroupName("Engineering West")"#, true),
            (r#"isMemberOfGroupName("Engineering")"#, false),
            (r#"isMemberOfGroupNameStartsWith("Eng")"#, true),
            (r#"isMemberOfGroupNameContains("West")"#, true),
            // An unset attribute makes a function false, not an error.
            (r#"String.stringContains(user.missing, "x")"#, false),
        ] {
            assert_eq!(holds(text), expected, "{text}");
        }
        let attributes = parse(r#"user.a == "1" && String.startsWith(user.b, user.c)"#).unwrap();
        assert_eq!(attributes.attributes(), vec!["a", "b", "c"]);
    }

    #[test]
    fn what_rules_may_not_say_is_refused() {
        for bad in [
            "",
            r#"user.department = "Engineering""#,
            r#"user.department == "Engineering" &&"#,
            r#"user.department == "Engineering"#,
            r#"(user.department == "Engineering""#,
            r#""Engineering""#,
            "42",
            r#"Convert.toInt("2018") == user.yearJoined"#,
            r#"Time.now() == "x""#,
            r#"user.getGroups({'group.type': {'OKTA_GROUP'}})"#,
            r#"isMemberOfGroupNameRegex("/.*admin.*")"#,
            r#"String.stringContains(user.email)"#,
            r#"user.getInternalProperty("login") == "x""#,
            r#"profile.department == "Engineering""#,
            r#"user.a.b == "x""#,
            r#"user.department == "A" ? true : false"#,
            r#"true < false"#,
            r#""a" && true"#,
            r#"String.toLowerCase(true) == "true""#,
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(
            parse("user.x == \"1\" user.y == \"2\"")
                .unwrap_err()
                .contains("after the expression")
        );
    }

    #[test]
    fn hostile_depth_and_size_are_refused_not_overflowed() {
        let nested =
            |depth: usize| format!("{}user.a == \"1\"{}", "(".repeat(depth), ")".repeat(depth));
        assert!(parse(&nested(MAX_NESTING)).is_ok());
        for depth in [MAX_NESTING + 1, 100_000] {
            assert!(
                parse(&nested(depth)).unwrap_err().contains("nests"),
                "{depth}"
            );
        }
        assert!(parse(&"!".repeat(100_000)).unwrap_err().contains("nests"));
        assert!(
            parse(&"String.len(".repeat(100_000))
                .unwrap_err()
                .contains("nests")
        );
        let chain = |n: usize| vec!["user.a == \"1\""; n].join(" || ");
        assert!(parse(&chain(MAX_TERMS / 2)).is_ok());
        assert!(parse(&chain(MAX_TERMS)).unwrap_err().contains("terms"));
    }
}
