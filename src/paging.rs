//! Reading a list endpoint one page or every page, driven by Okta's `Link` headers.

use crate::client::{OktaClient, Success};
use crate::encode::query_string;
use crate::input::{self, invalid};
use crate::link;
use crate::model::FromObject;
use crate::okta::types::{InvalidResponse, OktaError};

pub use crate::limits::{DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS};
/// The most pages one call reads. Okta's largest page sizes make `MAX_MAX_RESULTS` at most
/// 5,000 pages; past this bound the call stops with `hasMore` and the cursor to go on from.
pub const MAX_PAGES: u32 = 10_000;

/// The paging inputs of a list operation, checked.
pub struct Paging {
    limit: Option<u32>,
    after: Option<String>,
    return_all: bool,
    max_results: u32,
    /// A polling feed (the System Log): a page shorter than asked for is the end of the data
    /// for now, even though Okta links a next page to poll with later.
    feed: bool,
}

impl Paging {
    pub fn new(
        limit: Option<u32>,
        page_max: u32,
        after: &Option<String>,
        return_all: Option<bool>,
        max_results: Option<u32>,
    ) -> Result<Self, OktaError> {
        let limit = input::limit(limit, page_max)?;
        let after = input::optional("after", after)?;
        if after
            .as_deref()
            .is_some_and(|a| a.chars().any(char::is_whitespace))
        {
            return Err(invalid(
                "after",
                "must be a cursor from nextCursor, without spaces",
            ));
        }
        let return_all = return_all.unwrap_or(false);
        if return_all && limit.is_some() {
            return Err(invalid(
                "limit",
                "sets the size of one page; with returnAll, cap the total with maxResults",
            ));
        }
        if !return_all && max_results.is_some() {
            return Err(invalid(
                "maxResults",
                "caps returnAll; without returnAll, use limit",
            ));
        }
        let max_results = max_results.unwrap_or(DEFAULT_MAX_RESULTS);
        if max_results == 0 || max_results > MAX_MAX_RESULTS {
            return Err(invalid(
                "maxResults",
                format!("must be between 1 and {MAX_MAX_RESULTS}, got {max_results}"),
            ));
        }
        Ok(Self {
            limit,
            after,
            return_all,
            max_results,
            feed: false,
        })
    }

    /// The same paging over a polling feed (see [`Paging::feed`]) whose default page is
    /// `default_page`: one page asks for it explicitly, so a full page can be told from the end.
    pub fn polling(self, default_page: u32) -> Self {
        let limit = match self.return_all {
            true => self.limit,
            false => self.limit.or(Some(default_page)),
        };
        Self {
            feed: true,
            limit,
            ..self
        }
    }

    /// Whether a cursor was given.
    pub fn has_cursor(&self) -> bool {
        self.after.is_some()
    }
}

/// The paging fields every list input carries.
pub trait PagingFields {
    fn limit(&self) -> Option<u32>;
    fn after(&self) -> &Option<String>;
    fn return_all(&self) -> Option<bool>;
    fn max_results(&self) -> Option<u32>;
}

macro_rules! paging_fields {
    ($($input:ty),* $(,)?) => {$(
        impl PagingFields for $input {
            fn limit(&self) -> Option<u32> { self.limit }
            fn after(&self) -> &Option<String> { &self.after }
            fn return_all(&self) -> Option<bool> { self.return_all }
            fn max_results(&self) -> Option<u32> { self.max_results }
        }
    )*};
}

paging_fields!(
    crate::okta::users::ListUsersInput,
    crate::okta::users::ListUserGroupsInput,
    crate::okta::groups::ListGroupsInput,
    crate::okta::groups::ListGroupMembersInput,
    crate::okta::apps::ListAppsInput,
    crate::okta::apps::ListAppUsersInput,
    crate::okta::apps::ListAppGroupsInput,
    crate::okta::group_rules::ListGroupRulesInput,
    crate::okta::system_log::GetLogsInput,
);

impl Paging {
    /// The paging fields of a list input, checked against the endpoint's largest page.
    pub fn of(input: &impl PagingFields, page_max: u32) -> Result<Self, OktaError> {
        Self::new(
            input.limit(),
            page_max,
            input.after(),
            input.return_all(),
            input.max_results(),
        )
    }
}

/// What a list returns besides its items.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// Reads `path` (with `query`, already unencoded pairs) one page or, with `returnAll`, page
/// after page at the endpoint's largest size. Each page is mapped as it arrives, so only the
/// mapped results are kept.
pub fn list<T: FromObject, U>(
    client: &OktaClient,
    path: &str,
    query: Vec<(&'static str, String)>,
    page_max: u32,
    paging: Paging,
    map: impl Fn(T) -> U,
) -> Result<Page<U>, OktaError> {
    let mut items = Vec::new();
    let (next_cursor, at_end) = read_pages(client, path, query, page_max, paging, &mut |reply| {
        reply.each_object(T::UNREAD, &mut |object| {
            items.push(map(T::from_object(object)?));
            Ok(())
        })?;
        Ok(items.len())
    })?;
    Ok(Page {
        items,
        has_more: next_cursor.is_some() && !at_end,
        next_cursor,
    })
}

/// The paging loop of [`list`], once for every item type: `take` decodes and keeps a page and
/// says how many items are kept in all. Returns the cursor of the next page, if there is one,
/// and whether a polling feed reached the end of its data (its cursor is then for polling).
///
/// `returnAll` ends at the last page, at `maxResults`, at [`MAX_PAGES`], or at an empty page
/// that still links a next one: the System Log does that by design at the end of its data
/// (a polling feed), and a misbehaving server must not keep the block asking forever. Each of
/// those returns the cursor, so a workflow can go on later. A cursor that comes back after it
/// was already read is an invalid answer: following it would loop.
fn read_pages(
    client: &OktaClient,
    path: &str,
    mut query: Vec<(&'static str, String)>,
    page_max: u32,
    paging: Paging,
    take: &mut dyn FnMut(&Success) -> Result<usize, OktaError>,
) -> Result<(Option<String>, bool), OktaError> {
    let base_len = query.len();
    let mut kept = 0;
    let mut cursor = paging.after;
    let mut seen: std::collections::BTreeSet<String> = cursor.iter().cloned().collect();
    let mut pages = 0;
    loop {
        query.truncate(base_len);
        if let Some(after) = &cursor {
            query.push(("after", after.clone()));
        }
        let page_size = if paging.return_all {
            // The last page asks only for what is still wanted, so the cursor stays exact.
            let wanted = paging.max_results.saturating_sub(kept as u32);
            Some(wanted.min(page_max))
        } else {
            paging.limit
        };
        if let Some(size) = page_size {
            query.push(("limit", size.to_string()));
        }
        let reply = client.get(&format!("{path}{}", query_string(&query)))?;
        let before = kept;
        kept = take(&reply)?;
        pages += 1;
        let next =
            link::next_target(reply.header_values("link")).and_then(|url| link::after_cursor(&url));
        if let Some(next) = &next
            && !seen.insert(next.clone())
        {
            return Err(OktaError::InvalidResponse(InvalidResponse {
                status: reply.status,
                reason:
                    "Okta's next link points at a page already read; stopping rather than looping"
                        .into(),
                request_id: reply
                    .header_values("x-okta-request-id")
                    .first()
                    .map(|s| s.to_string()),
            }));
        }
        cursor = next;
        let empty_page = kept == before;
        // A feed's page short of what was asked (Okta's default when none was) is all there is.
        let asked = page_size.unwrap_or(page_max) as usize;
        if paging.feed && kept - before < asked {
            return Ok((cursor, true));
        }
        if !paging.return_all
            || cursor.is_none()
            || kept as u32 >= paging.max_results
            || empty_page
            || pages >= MAX_PAGES
        {
            break;
        }
        // Okta says the window is spent: wait for it rather than take a 429.
        if let Some(pause) = reply.rate_limit_pause() {
            client.pause(pause);
        }
    }
    Ok((cursor, false))
}

/// The expression inputs of a list (`search`, `filter`, `q`) checked together and turned into
/// query pairs. Okta refuses search with filter (E0000033); `q` answers one page only, so it
/// cannot be combined with an expression, a cursor or returnAll.
pub fn expression_query(
    search: &Option<String>,
    filter: &Option<String>,
    q: &Option<String>,
    paging: &Paging,
) -> Result<Vec<(&'static str, String)>, OktaError> {
    let search = input::optional("search", search)?;
    let filter = input::optional("filter", filter)?;
    let q = input::optional("q", q)?;
    if search.is_some() && filter.is_some() {
        return Err(invalid(
            "filter",
            "cannot be combined with search; put both conditions in search",
        ));
    }
    if let Some(q) = q {
        if search.is_some() || filter.is_some() {
            return Err(invalid("q", "cannot be combined with search or filter"));
        }
        if paging.return_all || paging.after.is_some() {
            return Err(invalid(
                "q",
                "returns one page only; use search with `sw` to page through matches",
            ));
        }
        return Ok(vec![("q", q)]);
    }
    Ok(search
        .map(|s| ("search", s))
        .into_iter()
        .chain(filter.map(|f| ("filter", f)))
        .collect())
}
