//! The list operations through the typed bindings, their items written out one at a time.
//!
//! Why: a `Val` record carries each of its fields' names as a `String` of its own, so a
//! 100,000-user listing lifted as `Val`s took about 400 MB beside its 58 MB of JSON (BENCHMARKS,
//! "Many runs at once"). Lifted into the typed records of `typed.rs`, the listing holds only
//! its values, and each item becomes JSON only as it is written, then is freed.
//!
//! What stays generic: the JSON names and shapes come from the component's own types, as
//! `convert::to_json` gives them for `Val`s (`convert::typed_json`), and the input is the `Val`
//! that `convert::input_record` built and checked, handed over by position
//! (`convert::serde_form`). The table at the bottom is the only place that names types: an
//! operation missing from it still works, through `Val`s.

use crate::convert;
use crate::runtime::HostState;
use crate::typed::{apps, group_rules, groups, system_log, types as wit, users};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::pin::Pin;
use wasmtime::Store;
use wasmtime::component::{ComponentExportIndex, ComponentType, Instance, Lift, Lower, Type, Val};

/// A listing's items, each turned into the JSON face's JSON when it is taken.
pub trait Items: Send {
    /// How many items are left.
    fn remaining(&self) -> usize;
    /// The next item, or `None` at the end.
    fn next_json(&mut self) -> Option<serde_json::Result<Value>>;
}

/// A listing's output, lifted: its other fields as JSON, and its items still typed.
pub struct Listing {
    /// The output record as JSON, with its list field (named by `key`) left empty.
    pub head: Map<String, Value>,
    /// The list field's JSON name (`users`, `appUsers`).
    pub key: String,
    pub items: Box<dyn Items>,
}

/// What a typed call gave: a listing, or an error envelope.
pub enum Listed {
    Output(Listing),
    Error(Value),
}

/// The typed items of one listing, with their WIT type for naming their JSON.
struct Typed<T> {
    items: std::vec::IntoIter<T>,
    ty: Type,
}

impl<T: Serialize + Send> Items for Typed<T> {
    fn remaining(&self) -> usize {
        self.items.len()
    }

    fn next_json(&mut self) -> Option<serde_json::Result<Value>> {
        let item = self.items.next()?;
        Some(serde_json::to_value(&item).map(|value| convert::typed_json(value, &self.ty)))
    }
}

/// One call: the store and instance it runs in, the export, its checked input, its result type.
pub struct Call<'a> {
    pub store: &'a mut Store<HostState>,
    pub instance: &'a Instance,
    pub index: ComponentExportIndex,
    pub input: Val,
    pub result: Type,
}

type Future<'a> = Pin<Box<dyn std::future::Future<Output = Result<Listed>> + Send + 'a>>;

/// Calls a list operation through the typed bindings.
type Caller = for<'a> fn(Call<'a>) -> Future<'a>;

/// The typed path of operation `id` (a blocks.json id), if it is a listing in the table.
pub fn caller(id: &str) -> Option<Caller> {
    TABLE.iter().find(|(name, _)| *name == id).map(|(_, c)| *c)
}

/// Calls `call`'s export as `fn(I) -> result<O, okta-error>` and splits off `O`'s list with
/// `take`.
async fn call_typed<I, O, T>(call: Call<'_>, take: fn(&mut O) -> Vec<T>) -> Result<Listed>
where
    I: ComponentType + Lower + DeserializeOwned + Send + Sync + 'static,
    O: ComponentType + Lift + Serialize + Send + Sync + 'static,
    T: Serialize + Send + 'static,
{
    let Call {
        store,
        instance,
        index,
        input,
        result,
    } = call;
    let Type::Result(result) = result else {
        bail!("a list operation returns a result")
    };
    let (Some(ok), Some(err)) = (result.ok(), result.err()) else {
        bail!("a list operation returns a value or an error")
    };
    let func = instance
        .get_typed_func::<(I,), (Result<O, wit::OktaError>,)>(&mut *store, index)
        .map_err(anyhow::Error::from)
        .context("the listing's typed signature does not match the component")?;
    let input: I = serde_json::from_value(convert::serde_form(input))
        .context("the checked input does not fit the typed record")?;
    let (returned,) = func.call_async(&mut *store, (input,)).await?;
    let mut output = match returned {
        Ok(output) => output,
        Err(error) => {
            let error = convert::typed_json(serde_json::to_value(&error)?, &err);
            return Ok(Listed::Error(convert::envelope_of(Err(error))));
        }
    };
    let items = take(&mut output);
    let Type::Record(record) = &ok else {
        bail!("a listing's output is a record")
    };
    let Some((name, element)) = record.fields().find_map(|f| match f.ty {
        Type::List(element) => Some((f.name, element)),
        _ => None,
    }) else {
        bail!("a listing's output has a list field")
    };
    let Value::Object(head) = convert::typed_json(serde_json::to_value(&output)?, &ok) else {
        bail!("a listing's output is a record")
    };
    Ok(Listed::Output(Listing {
        head,
        key: convert::json_name(name),
        items: Box::new(Typed {
            items: items.into_iter(),
            ty: element.ty(),
        }),
    }))
}

/// One row: the operation, its input and output records, and the output's list field.
macro_rules! listings {
    ($($id:literal: $input:ty => $output:ty, $list:ident;)*) => {
        pub(crate) const TABLE: &[(&str, Caller)] = &[$((
            $id,
            |call| Box::pin(call_typed::<$input, $output, _>(call, |o| std::mem::take(&mut o.$list))),
        )),*];
    };
}

// The paged listings: the outputs that can hold thousands of items.
listings! {
    "list_users": users::ListUsersInput => users::ListUsersOutput, users;
    "list_user_groups": users::ListUserGroupsInput => users::ListUserGroupsOutput, groups;
    "list_groups": groups::ListGroupsInput => groups::ListGroupsOutput, groups;
    "list_group_members": groups::ListGroupMembersInput => groups::ListGroupMembersOutput, members;
    "list_apps": apps::ListAppsInput => apps::ListAppsOutput, apps;
    "list_app_users": apps::ListAppUsersInput => apps::ListAppUsersOutput, app_users;
    "list_app_groups": apps::ListAppGroupsInput => apps::ListAppGroupsOutput, app_groups;
    "list_group_rules": group_rules::ListGroupRulesInput => group_rules::ListGroupRulesOutput, rules;
    "get_logs": system_log::GetLogsInput => system_log::GetLogsOutput, events;
}
