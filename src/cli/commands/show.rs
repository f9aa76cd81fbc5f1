//! `qwen-tui show ID`.

use std::io::Write;
use std::sync::Arc;

use crate::cli::args::Format;
use crate::kb::KnowledgeBase;
use crate::kb::diagnostic::nearest;
use crate::kb::sanitize::sanitize_line;
use crate::output::json::entry_json;
use crate::output::markdown::entry_markdown;
use crate::output::plain::entry_text;
use crate::search::SearchIndex;

pub fn show(kb: &Arc<KnowledgeBase>, id: &str, format: Format) -> u8 {
    let Some(e) = kb.entry(id) else {
        let _ = writeln!(
            std::io::stderr(),
            "error: no entry has the id `{}`",
            sanitize_line(id)
        );
        let ids: Vec<&str> = kb.ids().collect();
        if let Some(near) = nearest(id, &ids) {
            let _ = writeln!(std::io::stderr(), "  hint: did you mean `{near}`?");
        } else if let Some(hit) =
            SearchIndex::shared(Arc::clone(kb), crate::kb::age::Horizon::DEFAULT)
                .search(id, None)
                .first()
        {
            let _ = writeln!(
                std::io::stderr(),
                "  hint: the best search match is `{}`; `qwen-tui search` finds ids",
                kb.entries[hit.entry].id
            );
        } else {
            let _ = writeln!(
                std::io::stderr(),
                "  hint: `qwen-tui search WORDS` lists matching ids"
            );
        }
        return super::EXIT_FAILURE;
    };
    let mut out = std::io::stdout().lock();
    let _ = match format {
        Format::Json => writeln!(out, "{}", entry_json(kb, e)),
        Format::Plain => write!(out, "{}", entry_text(kb, e)),
        Format::Markdown => write!(out, "{}", entry_markdown(kb, e)),
    };
    0
}
