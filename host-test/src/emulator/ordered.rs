//! A collection kept in list order and found by id, saved as a plain JSON list: what the apps,
//! their user and group assignments need to page with cursors (see [`super::paging`]) and to
//! answer `/…/{id}` lookups without a scan.

use super::model::Position;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

/// A record that has an id and a place in list order.
pub trait Listed {
    fn key(&self) -> &str;
    fn position(&self) -> Position;
}

#[derive(Clone, Debug)]
pub struct Ordered<T> {
    items: BTreeMap<Position, T>,
    index: HashMap<String, Position>,
}

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Self {
            items: BTreeMap::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Listed> Ordered<T> {
    /// Adds a record, replacing one with the same id.
    pub fn insert(&mut self, item: T) {
        self.remove(item.key());
        let position = item.position();
        self.index.insert(item.key().to_string(), position);
        self.items.insert(position, item);
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.items.get(self.index.get(key)?)
    }

    /// A record to change in place; its id and position must stay as they are.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        let position = self.index.get(key)?;
        self.items.get_mut(position)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        let position = self.index.remove(key)?;
        self.items.remove(&position)
    }

    /// Records after `after` (or from the start), in list order.
    pub fn after(&self, after: Option<Position>) -> impl Iterator<Item = &T> {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.items
            .range((start, Bound::Unbounded))
            .map(|(_, item)| item)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.values()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.values_mut()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The ids, in list order, for changing records while walking them.
    pub fn keys(&self) -> Vec<String> {
        self.items
            .values()
            .map(|item| item.key().to_string())
            .collect()
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.values())
    }
}

impl<'de, T: Listed + Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    /// A saved list; an id that appears twice is refused rather than silently dropped.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut ordered = Self::default();
        for item in Vec::<T>::deserialize(deserializer)? {
            if ordered.contains(item.key()) {
                return Err(D::Error::custom(format!("{} appears twice", item.key())));
            }
            ordered.insert(item);
        }
        Ok(ordered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Item {
        id: String,
        seq: u64,
    }

    impl Listed for Item {
        fn key(&self) -> &str {
            &self.id
        }
        fn position(&self) -> Position {
            Position {
                created: 0,
                seq: self.seq,
            }
        }
    }

    fn item(id: &str, seq: u64) -> Item {
        Item { id: id.into(), seq }
    }

    #[test]
    fn keeps_list_order_and_round_trips_as_a_list() {
        let mut ordered = Ordered::default();
        ordered.insert(item("b", 2));
        ordered.insert(item("a", 1));
        ordered.insert(item("c", 3));
        ordered.remove("c");
        let ids: Vec<&str> = ordered.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let after_a: Vec<&str> = ordered
            .after(Some(item("a", 1).position()))
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(after_a, ["b"]);

        let json = serde_json::to_value(&ordered).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"id":"a","seq":1},{"id":"b","seq":2}])
        );
        let back: Ordered<Item> = serde_json::from_value(json).unwrap();
        assert_eq!(back.get("b"), Some(&item("b", 2)));
        let twice = serde_json::json!([{"id":"a","seq":1},{"id":"a","seq":2}]);
        assert!(serde_json::from_value::<Ordered<Item>>(twice).is_err());
    }
}
