// The SQLite implementations of the read interfaces run each read synchronously on their read-only connection and
// hand its answer (or its throw) through a Promise: the interfaces are async so that a server database, which
// answers over a socket, can implement them without changing the services (issue 16 item 2).

/** The synchronous read run when called, its answer (or its throw) delivered through a Promise. */
export function answerLater<A extends unknown[], R>(read: (...args: A) => R): (...args: A) => Promise<Awaited<R>> {
  return (...args) => {
    try {
      return Promise.resolve(read(...args));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
}
