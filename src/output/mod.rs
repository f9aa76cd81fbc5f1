//! What the headless commands print: an entry as plain text, JSON or Markdown, the
//! CommonMark pieces every Markdown form shares, citations, and the brief. It reads the
//! knowledge base, the search results and what is derived from the data; the explorer uses
//! it for what it copies, and nothing here knows of the explorer or the command line.

pub mod brief;
pub mod citation;
pub mod commonmark;
pub mod compare;
pub mod json;
pub mod markdown;
pub mod plain;
