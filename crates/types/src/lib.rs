//! The small types that several stages share, so that no stage depends on
//! another only to name them.
//!
//! - [`Published`]: when a document was published, an instant or a day,
//!   with its one text form (RFC 3339 instant or `YYYY-MM-DD`);
//! - [`Direction`] and [`MoveScope`]: what a claimed stock move says, with
//!   the names briefs and the store write;
//! - [`english`]: the English of dates and figures (month and weekday
//!   names, the weekday just past, scale words, digits with separators),
//!   each table written once;
//! - [`UnknownName`]: a wire name no type has, named in the error;
//! - [`error_code`]: the stable code of every error, shared by the CLI
//!   and the server (docs/errors.md).
//!
//! ```
//! use monazite_types::{english, Direction, MoveScope, Published};
//!
//! let published: Published = "2025-10-14".parse().unwrap();
//! assert_eq!(published.to_string(), "2025-10-14");
//! assert_eq!("down".parse::<Direction>().unwrap(), Direction::Down);
//! assert!("sideways".parse::<MoveScope>().is_err());
//! assert_eq!(english::month("Nov."), Some(11));
//! assert_eq!(english::scale("bn"), Some(1e9));
//! ```

pub mod english;
pub mod error_code;
mod moves;
mod name;
mod published;

pub use moves::{Direction, MoveScope};
pub use name::UnknownName;
pub use published::{BadPublished, Published};
