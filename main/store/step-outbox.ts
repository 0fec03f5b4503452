// What a writer step leaves for after its group commit (issue 16 step 8): the exchange records and operator actions
// it stored, which the writer turns into audit events once the commit made them durable (main/writer/). Typed
// here, at the bottom of main/, so the stores that insert those rows name it without knowing the audit chain.
// group-commit.ts drops a step's entries when its savepoint rolls back, and the whole group's when the commit fails.
export type StepOutbox<E> = { push(entry: E): void };
