//! The expression language of Okta's `search` and `filter` parameters (SCIM-style):
//!
//! ```text
//! or-expr    := and-expr ( "or" and-expr )*
//! and-expr   := primary ( "and" primary )*
//! primary    := "(" or-expr ")" | comparison
//! comparison := attribute operator value | attribute "pr"
//! value      := "quoted string" | number | true | false | null
//! ```
//!
//! Keywords and operators are case-insensitive; attribute names are not. Quoted strings escape
//! `"` and `\` with a backslash. `and` binds tighter than `or`. Which attributes and operators
//! are allowed, and how strings compare, is the business of the two dialects
//! ([`super::search`], [`super::filter`]); this module parses and evaluates.

use super::attributes::{Field, Fields};
use super::timestamps::parse_iso;
use serde_json::Value;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare(Comparison),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub attribute: String,
    pub operator: Operator,
    /// `None` only for `pr`.
    pub value: Option<Literal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Ne,
    Sw,
    Ew,
    Co,
    Gt,
    Ge,
    Lt,
    Le,
    Pr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Text(String),
    Number(f64),
    Bool(bool),
    Null,
}

impl Expr {
    /// Every comparison in the expression, for the dialects to check.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => {
                let mut all = a.comparisons();
                all.extend(b.comparisons());
                all
            }
            Expr::Compare(c) => vec![c],
        }
    }

    /// Whether a record matches; `fold_case` makes string comparisons case-insensitive.
    pub fn matches(&self, record: &impl Fields, fold_case: bool) -> bool {
        match self {
            Expr::And(a, b) => a.matches(record, fold_case) && b.matches(record, fold_case),
            Expr::Or(a, b) => a.matches(record, fold_case) || b.matches(record, fold_case),
            Expr::Compare(c) => c.matches(record.field(&c.attribute), fold_case),
        }
    }
}

// ----- tokens -----

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Word(String),
    Quoted(String),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err("unterminated quoted string".into()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(escaped @ ('"' | '\\')) => value.push(escaped),
                            Some(other) => {
                                value.push('\\');
                                value.push(other);
                            }
                            None => return Err("unterminated quoted string".into()),
                        },
                        Some(other) => value.push(other),
                    }
                }
                tokens.push(Token::Quoted(value));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

// ----- parser -----

/// The deepest nesting of parentheses parsed. The parser and the matcher recurse once per
/// level, so a hostile `((((…` must end in a 400, not in a stack overflow of the server.
pub const MAX_NESTING: usize = 32;
/// The most comparisons in one expression (each `and`/`or` adds a level to the tree).
pub const MAX_COMPARISONS: usize = 1_000;

/// Parses an expression; the error says what is wrong, for `errorCauses`.
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err("the expression is empty".into());
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
        comparisons: 0,
    };
    let expr = parser.or_expr()?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(format!(
            "unexpected {} after the expression",
            describe(token)
        )),
    }
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    /// Parentheses open at this point.
    depth: usize,
    /// Comparisons parsed so far.
    comparisons: usize,
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

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or_expr(&mut self) -> Result<Expr, String> {
        let mut left = self.and_expr()?;
        while self.keyword("or") {
            self.next += 1;
            let right = self.and_expr()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, String> {
        let mut left = self.primary()?;
        while self.keyword("and") {
            self.next += 1;
            let right = self.primary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.take() {
            Some(Token::Open) => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(format!(
                        "parentheses are nested more than {MAX_NESTING} deep"
                    ));
                }
                let inner = self.or_expr()?;
                self.depth -= 1;
                match self.take() {
                    Some(Token::Close) => Ok(inner),
                    Some(other) => Err(format!("expected ')' but found {}", describe(&other))),
                    None => Err("a '(' is never closed".into()),
                }
            }
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("not") => {
                Err("the 'not' operator is not supported".into())
            }
            Some(Token::Word(attribute)) => self.comparison(attribute),
            Some(other) => Err(format!(
                "expected an attribute but found {}",
                describe(&other)
            )),
            None => Err("the expression ends where a comparison should be".into()),
        }
    }

    fn comparison(&mut self, attribute: String) -> Result<Expr, String> {
        self.comparisons += 1;
        if self.comparisons > MAX_COMPARISONS {
            return Err(format!(
                "the expression has more than {MAX_COMPARISONS} comparisons"
            ));
        }
        if !is_attribute_name(&attribute) {
            return Err(format!("'{attribute}' is not an attribute name"));
        }
        let operator = match self.take() {
            Some(Token::Word(word)) => {
                operator(&word).ok_or_else(|| format!("'{word}' is not an operator"))?
            }
            Some(other) => {
                return Err(format!(
                    "expected an operator but found {}",
                    describe(&other)
                ));
            }
            None => return Err(format!("'{attribute}' has no operator")),
        };
        let value = if operator == Operator::Pr {
            None
        } else {
            Some(match self.take() {
                Some(Token::Quoted(text)) => Literal::Text(text),
                Some(Token::Word(word)) => {
                    literal(&word).ok_or_else(|| format!("the value {word} must be quoted"))?
                }
                Some(other) => {
                    return Err(format!("expected a value but found {}", describe(&other)));
                }
                None => return Err(format!("'{attribute}' has no value to compare with")),
            })
        };
        Ok(Expr::Compare(Comparison {
            attribute,
            operator,
            value,
        }))
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Open => "'('".into(),
        Token::Close => "')'".into(),
        Token::Word(w) => format!("'{w}'"),
        Token::Quoted(q) => format!("\"{q}\""),
    }
}

fn is_attribute_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !word.ends_with('.')
        && !word.contains("..")
}

const OPERATORS: [(&str, Operator); 10] = [
    ("eq", Operator::Eq),
    ("ne", Operator::Ne),
    ("sw", Operator::Sw),
    ("ew", Operator::Ew),
    ("co", Operator::Co),
    ("gt", Operator::Gt),
    ("ge", Operator::Ge),
    ("lt", Operator::Lt),
    ("le", Operator::Le),
    ("pr", Operator::Pr),
];

fn operator(word: &str) -> Option<Operator> {
    OPERATORS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, operator)| *operator)
}

impl std::fmt::Display for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = OPERATORS
            .iter()
            .find(|(_, operator)| operator == self)
            .map_or("?", |(name, _)| name);
        f.write_str(name)
    }
}

fn literal(word: &str) -> Option<Literal> {
    match word.to_ascii_lowercase().as_str() {
        "true" => Some(Literal::Bool(true)),
        "false" => Some(Literal::Bool(false)),
        "null" => Some(Literal::Null),
        _ => word
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Literal::Number),
    }
}

// ----- evaluation -----

impl Comparison {
    fn matches(&self, field: Field<'_>, fold_case: bool) -> bool {
        if self.operator == Operator::Pr {
            return field.is_present();
        }
        let Some(literal) = &self.value else {
            return false;
        };
        match field {
            Field::Absent => self.against_null(literal),
            Field::Date(None) => self.against_null(literal),
            Field::Date(Some(millis)) => match literal {
                Literal::Text(text) => {
                    parse_iso(text).is_some_and(|wanted| self.ordered(millis.cmp(&wanted)))
                }
                _ => false,
            },
            Field::Text(text) => self.against_text(text, literal, fold_case),
            Field::Value(value) => self.against_json(value, literal, fold_case),
        }
    }

    fn against_null(&self, literal: &Literal) -> bool {
        match self.operator {
            Operator::Eq => *literal == Literal::Null,
            Operator::Ne => *literal != Literal::Null,
            _ => false,
        }
    }

    fn against_json(&self, value: &Value, literal: &Literal, fold_case: bool) -> bool {
        match value {
            Value::Null => self.against_null(literal),
            Value::String(text) => self.against_text(text, literal, fold_case),
            Value::Number(n) => match (n.as_f64(), literal) {
                (Some(n), Literal::Number(wanted)) => n
                    .partial_cmp(wanted)
                    .is_some_and(|order| self.ordered(order)),
                _ => false,
            },
            Value::Bool(b) => match (self.operator, literal) {
                (Operator::Eq, Literal::Bool(wanted)) => b == wanted,
                (Operator::Ne, Literal::Bool(wanted)) => b != wanted,
                _ => false,
            },
            // An array matches when any element does.
            Value::Array(items) => items
                .iter()
                .any(|item| self.against_json(item, literal, fold_case)),
            Value::Object(_) => false,
        }
    }

    fn against_text(&self, text: &str, literal: &Literal, fold_case: bool) -> bool {
        let Literal::Text(wanted) = literal else {
            return self.operator == Operator::Ne;
        };
        let (text, wanted) = if fold_case {
            (text.to_lowercase(), wanted.to_lowercase())
        } else {
            (text.to_string(), wanted.clone())
        };
        match self.operator {
            Operator::Sw => text.starts_with(&wanted),
            Operator::Ew => text.ends_with(&wanted),
            Operator::Co => text.contains(&wanted),
            _ => self.ordered(text.as_str().cmp(wanted.as_str())),
        }
    }

    /// Whether `record <op> wanted` holds, given how the two compare.
    fn ordered(&self, order: Ordering) -> bool {
        match self.operator {
            Operator::Eq => order == Ordering::Equal,
            Operator::Ne => order != Ordering::Equal,
            Operator::Gt => order == Ordering::Greater,
            Operator::Ge => order != Ordering::Less,
            Operator::Lt => order == Ordering::Less,
            Operator::Le => order != Ordering::Greater,
            Operator::Sw | Operator::Ew | Operator::Co | Operator::Pr => false,
        }
    }
}

/// A checked expression and how its dialect compares strings.
#[derive(Clone, Debug)]
pub struct Query {
    expr: Expr,
    fold_case: bool,
}

impl Query {
    pub fn new(expr: Expr, fold_case: bool) -> Self {
        Self { expr, fold_case }
    }

    pub fn matches(&self, record: &impl Fields) -> bool {
        self.expr.matches(record, self.fold_case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(attribute: &str, operator: Operator, value: &str) -> Expr {
        Expr::Compare(Comparison {
            attribute: attribute.into(),
            operator,
            value: Some(Literal::Text(value.into())),
        })
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_override() {
        let a = compare("a", Operator::Eq, "1");
        let b = compare("b", Operator::Eq, "2");
        let c = compare("c", Operator::Eq, "3");
        assert_eq!(
            parse(r#"a eq "1" or b eq "2" and c eq "3""#).unwrap(),
            Expr::Or(
                Box::new(a.clone()),
                Box::new(Expr::And(Box::new(b.clone()), Box::new(c.clone())))
            )
        );
        assert_eq!(
            parse(r#"(a EQ "1" OR b eq "2") And c eq "3""#).unwrap(),
            Expr::And(Box::new(Expr::Or(Box::new(a), Box::new(b))), Box::new(c))
        );
    }

    #[test]
    fn quoted_values_unescape() {
        assert_eq!(
            parse(r#"profile.lastName eq "bob\"smith\\""#).unwrap(),
            compare("profile.lastName", Operator::Eq, "bob\"smith\\")
        );
    }

    #[test]
    fn literals_and_presence() {
        assert!(matches!(
            parse("profile.age gt 30").unwrap(),
            Expr::Compare(Comparison { value: Some(Literal::Number(n)), .. }) if n == 30.0
        ));
        assert!(matches!(
            parse("profile.title pr").unwrap(),
            Expr::Compare(Comparison {
                operator: Operator::Pr,
                value: None,
                ..
            })
        ));
    }

    #[test]
    fn hostile_depth_and_size_are_refused_not_overflowed() {
        let nested = |depth: usize| {
            format!(
                "{}status eq \"ACTIVE\"{}",
                "(".repeat(depth),
                ")".repeat(depth)
            )
        };
        assert!(parse(&nested(MAX_NESTING)).is_ok());
        for depth in [MAX_NESTING + 1, 1_024, 100_000] {
            let error = parse(&nested(depth)).unwrap_err();
            assert!(error.contains("nested"), "{depth}: {error}");
        }
        // Unclosed, as an attacker would send it.
        assert!(parse(&"(".repeat(1_024)).unwrap_err().contains("nested"));
        let chain = |n: usize| vec!["status eq \"ACTIVE\""; n].join(" or ");
        assert!(parse(&chain(MAX_COMPARISONS)).is_ok());
        assert!(
            parse(&chain(MAX_COMPARISONS + 1))
                .unwrap_err()
                .contains("comparisons")
        );
    }

    #[test]
    fn malformed_expressions_are_refused() {
        for bad in [
            "",
            "status",
            "status eq",
            "status eq ACTIVE",
            "status equals \"ACTIVE\"",
            "status eq \"ACTIVE",
            "(status eq \"ACTIVE\"",
            "status eq \"ACTIVE\")",
            "status eq \"ACTIVE\" and",
            "not status eq \"ACTIVE\"",
            "status eq \"A\" status eq \"B\"",
            "\"status\" eq \"A\"",
            "1status eq \"A\"",
            "profile..x eq \"A\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
