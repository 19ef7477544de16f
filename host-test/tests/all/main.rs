//! Every test of the host and component, in one binary so the component loads once.

mod support;

mod smoke {
    use crate::support::*;
    use serde_json::json;

    #[tokio::test]
    async fn get_user_round_trip() {
        let reply = recorded("test_create_get_user.json", 1);
        let (output, exchanges) = run("get_user", json!({"domain": DOMAIN, "apiKey": TOKEN, "userId": "00usfhrjbkppPBkoY4x6"}), vec![reply]).await;
        println!("{output:#}");
        println!("{exchanges:#?}");
        assert_eq!(output["success"], true);
    }
}
