//! Searching on a thread of its own, so typing is never blocked by matching: the terminal
//! loop hands each edited query over and keeps drawing; a query made stale by the next
//! key is abandoned part-way; only the newest query's results come back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::{Hit, SearchIndex, Searcher};

/// One query to answer, against the data it was typed over.
pub struct Job<D> {
    /// Increases with every edit of the query; results carry it back.
    pub generation: u64,
    pub query: String,
    pub data: Arc<D>,
}

/// The results of a job that was still the newest when it finished.
#[derive(Debug)]
pub struct Done {
    pub generation: u64,
    pub hits: Arc<Vec<Hit>>,
}

/// What the search thread is asked.
enum Message<D> {
    Search(Job<D>),
    /// Get ready to search this data (see [`SearchIndex::warm_up`]).
    Warm(Arc<D>),
}

/// The search thread. Dropping this ends it.
pub struct Worker<D> {
    jobs: Sender<Message<D>>,
    results: Receiver<Done>,
    newest: Arc<AtomicU64>,
}

impl<D> Worker<D>
where
    D: AsRef<SearchIndex> + Send + Sync + 'static,
{
    pub fn spawn() -> std::io::Result<Worker<D>> {
        let (jobs, inbox) = mpsc::channel::<Message<D>>();
        let (outbox, results) = mpsc::channel();
        let newest = Arc::new(AtomicU64::new(0));
        let newest_seen = Arc::clone(&newest);
        thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(&inbox, &outbox, &newest_seen))?;
        Ok(Worker {
            jobs,
            results,
            newest,
        })
    }

    /// Starts on `job`, abandoning any older one.
    pub fn submit(&self, job: Job<D>) {
        self.newest.store(job.generation, Ordering::SeqCst);
        // The thread only stops when this handle is dropped, so sending cannot fail
        // while `self` exists; if it somehow did, the query simply gets no new results.
        let _ = self.jobs.send(Message::Search(job));
    }

    /// Has the thread get ready to search `data` while nothing is asked of it, so that
    /// the first key typed over it is answered as fast as the next (see
    /// [`SearchIndex::warm_up`]). A search asked before it is done goes first.
    pub fn warm(&self, data: Arc<D>) {
        let _ = self.jobs.send(Message::Warm(data));
    }

    /// Where finished results arrive.
    pub fn results(&self) -> &Receiver<Done> {
        &self.results
    }
}

fn serve<D: AsRef<SearchIndex>>(
    inbox: &Receiver<Message<D>>,
    outbox: &Sender<Done>,
    newest: &AtomicU64,
) {
    let mut searcher = Searcher::new();
    let mut data: Option<Arc<D>> = None;
    while let Ok(first) = inbox.recv() {
        // Only the last of a burst of keys matters; getting ready waits while there is a
        // search to do.
        let (mut job, mut warm) = (None, None);
        for message in std::iter::once(first).chain(inbox.try_iter()) {
            match message {
                Message::Search(j) => job = Some(j),
                Message::Warm(d) => warm = Some(d),
            }
        }
        let Some(job) = job else {
            if let Some(d) = warm {
                let at = newest.load(Ordering::SeqCst);
                d.as_ref()
                    .as_ref()
                    .warm_up(&|| newest.load(Ordering::SeqCst) != at);
            }
            continue;
        };
        if !data.as_ref().is_some_and(|d| Arc::ptr_eq(d, &job.data)) {
            // New data (a reload): what was remembered is about the old entries.
            searcher = Searcher::new();
            data = Some(Arc::clone(&job.data));
        }
        let generation = job.generation;
        let stale = || newest.load(Ordering::SeqCst) != generation;
        let index = job.data.as_ref().as_ref();
        if let Some(hits) = searcher.search(index, &job.query, None, &stale)
            && !stale()
            && outbox.send(Done { generation, hits }).is_err()
        {
            return;
        }
    }
}
