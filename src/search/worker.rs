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

/// The search thread. Dropping this ends it.
pub struct Worker<D> {
    jobs: Sender<Job<D>>,
    results: Receiver<Done>,
    newest: Arc<AtomicU64>,
}

impl<D> Worker<D>
where
    D: AsRef<SearchIndex> + Send + Sync + 'static,
{
    pub fn spawn() -> std::io::Result<Worker<D>> {
        let (jobs, inbox) = mpsc::channel::<Job<D>>();
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
        let _ = self.jobs.send(job);
    }

    /// Where finished results arrive.
    pub fn results(&self) -> &Receiver<Done> {
        &self.results
    }
}

fn serve<D: AsRef<SearchIndex>>(
    inbox: &Receiver<Job<D>>,
    outbox: &Sender<Done>,
    newest: &AtomicU64,
) {
    let mut searcher = Searcher::new();
    let mut data: Option<Arc<D>> = None;
    while let Ok(mut job) = inbox.recv() {
        // Only the last of a burst of keys matters.
        while let Ok(later) = inbox.try_recv() {
            job = later;
        }
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
