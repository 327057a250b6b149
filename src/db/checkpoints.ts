// Checkpoints of the write-ahead log in a thread of their own. By default SQLite copies the log back
// into the database file inside the commit that takes the log past 1,000 pages, and syncs the file
// to disk there, on the thread that committed: on a busy server one write in a few hundred stopped
// the event loop for 5–18 ms, and those few writes took 30–55 % of all the time spent writing
// (measured on the bench machine). While this thread runs, the serving connection leaves
// checkpoints to it (wal_autocheckpoint = 0); it checkpoints every CHECKPOINT_MS with its own
// connection, PASSIVE, so it never waits for or holds up a reader or a writer. Durability does not
// change: a commit is in the log before the answer, as before. Should the thread stop, the serving
// connection checkpoints as SQLite does by default again.
import { Worker } from 'node:worker_threads';
import type { Sqlite } from './connection';

export const CHECKPOINT_MS = 1000;
/** SQLite's default: the serving connection checkpoints itself at this many pages when the thread is not there. */
export const AUTOCHECKPOINT_PAGES = 1000;

/** What `PRAGMA wal_checkpoint` answers: busy 1 when another checkpoint ran, the log's pages, and how many of them are in the database file now. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface Checkpoints {
  /** The thread (for tests). */
  readonly thread: Worker;
  /** Resolves once the thread is checkpointing and the serving connection has left checkpoints to it, or once the thread has stopped. */
  readonly ready: Promise<void>;
  /** A last checkpoint, then the thread ends; the serving connection checkpoints itself again. */
  stop(): Promise<void>;
}

// Plain JavaScript, run by the worker: it needs nothing of steun's but the driver's path.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  try {
    parentPort.postMessage({ result: db.pragma('wal_checkpoint(PASSIVE)')[0] });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  process.exit(0);
});
parentPort.postMessage({ ready: true });
`;

/**
 * Starts the checkpoint thread for the database file `file`, which `db` serves. `onProblem` hears of
 * a checkpoint that failed or a thread that stopped; `onCheckpoint` of every checkpoint made.
 */
export function startCheckpoints(
  db: Sqlite,
  file: string,
  options: { everyMs?: number; onProblem?: (err: Error) => void; onCheckpoint?: (result: CheckpointResult) => void } = {},
): Checkpoints {
  // execArgv: none of the process's own options (a `-r` preload, say) is loaded into the thread too.
  const thread = new Worker(THREAD, { eval: true, execArgv: [], workerData: { driver: require.resolve('better-sqlite3'), file, everyMs: options.everyMs ?? CHECKPOINT_MS } });
  thread.unref();
  let stopping = false;
  const checkpointItself = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  thread.on('message', (message: { ready?: true; result?: CheckpointResult; error?: string }) => {
    if (message.ready) {
      if (!stopping && db.open) db.pragma('wal_autocheckpoint = 0');
      markReady();
    } else if (message.result) options.onCheckpoint?.(message.result);
    else if (message.error) options.onProblem?.(new Error(`checkpoint: ${message.error}`));
  });
  thread.on('error', (err) => {
    checkpointItself();
    options.onProblem?.(err);
  });
  const exited = new Promise<void>((resolve) =>
    thread.once('exit', (code) => {
      checkpointItself();
      markReady();
      if (!stopping) options.onProblem?.(new Error(`the checkpoint thread stopped (code ${code}); the server checkpoints itself again`));
      resolve();
    }),
  );
  return {
    thread,
    ready,
    stop: async () => {
      stopping = true;
      // Held open until the thread has ended: otherwise a process with nothing else left to do
      // would end here, before whatever was to follow the stop.
      thread.ref();
      thread.postMessage('stop');
      await exited;
    },
  };
}
