// A valid draft item addressed by CI (88 characters, unique per `i`), for tests that store a mailing on their own
// connection (createMailingQueries(db).createMailing) without an import.
export const ciDraftItem = (i: number) => ({
  title: '고지서',
  receiver: { ci: `${'C'.repeat(80)}${String(i).padStart(8, '0')}` },
  read_expired_sec: 60,
  property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' },
  sourceRow: i + 2,
});
