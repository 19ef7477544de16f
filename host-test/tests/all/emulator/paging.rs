//! Cursor pagination: page sizes, `after` cursors and `Link` headers.

use super::*;

#[test]
fn pages_follow_next_links_on_separate_header_lines() {
    let (org, _) = empty_org();
    let made: Vec<String> = (0..5)
        .map(|i| {
            create(&org, "Page", &format!("User{i}"), true, true)["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let first = call(
        &org,
        "GET",
        "/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22",
        None,
    );
    let links = first.headers("link");
    assert_eq!(
        links.len(),
        2,
        "self and next are two header lines: {links:?}"
    );
    assert_eq!(
        links[0],
        format!("<{BASE}/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22>; rel=\"self\"")
    );
    assert!(links[1].starts_with(&format!("<{BASE}/api/v1/users?after=")));
    assert!(links[1].ends_with("&limit=2&filter=status+eq+%22ACTIVE%22>; rel=\"next\""));

    let mut seen = ids(&first.json);
    let mut next = first.next_link();
    let mut pages = 1;
    while let Some(url) = next {
        let page = send(&org, request("GET", &url, Some(TOKEN), None));
        assert_eq!(page.status, 200);
        let self_link = page.headers("link")[0].to_string();
        assert!(self_link.contains("after="), "{self_link}");
        seen.extend(ids(&page.json));
        next = page.next_link();
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, made, "every user once, in creation order");

    // A deleted cursor user does not break the walk.
    let second_url = first.next_link().unwrap();
    for id in &made[..2] {
        call(&org, "DELETE", &format!("/api/v1/users/{id}"), None);
        call(&org, "DELETE", &format!("/api/v1/users/{id}"), None);
    }
    let resumed = send(&org, request("GET", &second_url, Some(TOKEN), None));
    assert_eq!(ids(&resumed.json), made[2..4]);

    call(&org, "GET", "/api/v1/users?after=bogus", None).assert_error(400, "E0000029");
    let group_cursor = {
        for i in 0..2 {
            create_group(&org, &format!("G{i}"));
        }
        call(&org, "GET", "/api/v1/groups?limit=1", None)
            .next_link()
            .unwrap()
    };
    let cursor = group_cursor
        .split("after=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    call(&org, "GET", &format!("/api/v1/users?after={cursor}"), None).assert_error(400, "E0000029");
    call(&org, "GET", "/api/v1/users?limit=abc", None).assert_error(400, "E0000001");
    let capped = call(&org, "GET", "/api/v1/users?limit=5000", None);
    assert_eq!(
        capped.headers("link"),
        [format!("<{BASE}/api/v1/users?limit=200>; rel=\"self\"")]
    );
    let groups = call(&org, "GET", "/api/v1/groups", None);
    assert_eq!(
        groups.headers("link"),
        [format!("<{BASE}/api/v1/groups?limit=10000>; rel=\"self\"")]
    );
}

#[test]
fn group_members_page_at_up_to_1000() {
    let org = Emulator::with_users(2500);
    let everyone = send(
        &org,
        request("GET", "/api/v1/groups?q=Everyone", Some(DEMO_TOKEN), None),
    )
    .json[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut url = format!("{BASE}/api/v1/groups/{everyone}/users?limit=5000");
    let mut total = 0;
    let mut pages = 0;
    loop {
        let page = send(&org, request("GET", &url, Some(DEMO_TOKEN), None));
        assert_eq!(page.status, 200);
        assert!(page.json.as_array().unwrap().len() <= 1000);
        total += page.json.as_array().unwrap().len();
        pages += 1;
        match page.next_link() {
            Some(next) => {
                assert!(next.contains("limit=1000"), "{next}");
                url = next;
            }
            None => break,
        }
    }
    assert_eq!((total, pages), (2500, 3));
}
