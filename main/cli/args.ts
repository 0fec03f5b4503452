// Global options are accepted before or after the subcommand (issue 2 §7); unknown options are input errors.
import { parseArgs } from 'node:util';

export const cliOptions = {
  'data-dir': { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  // mail import
  sheet: { type: 'string' },
  mapping: { type: 'string' },
  preset: { type: 'string' },
  'save-preset': { type: 'string' },
  name: { type: 'string' },
  title: { type: 'string' },
  link: { type: 'string' },
  'cs-number': { type: 'string' },
  'cs-name': { type: 'string' },
  message: { type: 'string' },
  category: { type: 'string' },
  'expires-in-days': { type: 'string' },
  strict: { type: 'boolean', default: false },
  // doc resend: the corrected recipient (--name is shared with mail import's mailing name)
  phone: { type: 'string' },
  birthday: { type: 'string' },
  // mail send / pre-review (the pre-review form, seed 001 §2.1)
  date: { type: 'string' },
  purpose: { type: 'string' },
  'pre-review': { type: 'string' },
  // mail poll / resolve
  'until-final': { type: 'boolean', default: false },
  timeout: { type: 'string' },
  unknown: { type: 'string' },
  // payup cancel / cancel-batch / resolve
  transaction: { type: 'string' },
  reason: { type: 'string' },
  out: { type: 'string' },
  // kcp verify / verify-batch
  bank: { type: 'string' },
  account: { type: 'string' },
  owner: { type: 'string' },
  'order-id': { type: 'string' },
  resume: { type: 'string' },
  // web
  demo: { type: 'boolean', default: false },
  'demo-documents': { type: 'string' },
  // audit (issue 4)
  document: { type: 'string' },
  recipient: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  checkpoint: { type: 'string', multiple: true },
  fingerprint: { type: 'string' },
  days: { type: 'string' },
  folder: { type: 'string' },
  ev: { type: 'string' },
  limit: { type: 'string' },
  // landing serve --config (issue 14 §6)
  config: { type: 'string' },
  host: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'events-dir': { type: 'string' },
  'landing-folder': { type: 'string' },
  // network profile: the rehearsal profile on this PC's simulators
  sandbox: { type: 'boolean', default: false },
  // track
  once: { type: 'boolean', default: false },
  // demo / sandbox
  rows: { type: 'string' },
  port: { type: 'string' },
  'time-scale': { type: 'string' },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];

export function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: cliOptions, allowPositionals: true, strict: true });
}
