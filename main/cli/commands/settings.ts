// `docdesk profile …`, `docdesk secret …`, `docdesk config …`.
import { z } from 'zod';
import { PROFILE_KEY_FIELDS, profileSchema } from '../../../shared/domain/profile.ts';
import { SECRET_KEYS, requiredSecretsFor, secretKeySchema } from '../../../shared/domain/secrets.ts';
import type { Backend } from '../../app/backend.ts';
import type { CliValues } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';
import { ask, interactive, readStdin } from '../prompt.ts';
import { confirm } from './mail.ts';

export async function profileCommand(b: Backend, pos: string[], v: CliValues, out: Output): Promise<number> {
  const [verb, arg] = pos;
  switch (verb) {
    case 'list': {
      const active = b.profile().name;
      const list = (await b.profiles.list()).map((p) => ({ name: p.name, kind: p.kind, label: p.label ?? '', builtin: p.builtin, active: p.name === active }));
      out.result({ profiles: list });
      for (const p of list) out.line(`${p.active ? '*' : ' '} ${p.name.padEnd(22)} ${p.kind.padEnd(10)} ${p.label}`);
      return 0;
    }
    case 'show': {
      const p = await b.profiles.get(arg ?? b.profile().name);
      out.result(p);
      out.line(JSON.stringify(p, null, 2));
      return 0;
    }
    case 'use': {
      if (!arg) throw new CliError('MISSING_ARGUMENT', '프로필 이름이 필요합니다.', 2);
      const p = await b.profiles.get(arg);
      if (p.kind === 'production') {
        for (const key of requiredSecretsFor(p)) {
          const st = b.secrets.status(key, arg);
          if (!st.set) throw new CliError('CREDENTIAL_MISSING', `운영 프로필로 바꾸려면 먼저 ${key}를 설정하세요: docdesk --profile ${arg} secret set ${key}`, 4);
        }
        await confirm(v, `운영(production) 프로필 '${arg}'로 전환합니다. 이후 발송은 실제 카카오페이 게이트웨이로 갑니다. 계속할까요?`);
      }
      await b.useProfile(arg);
      out.result({ active: arg, kind: p.kind });
      out.line(`활성 프로필: ${arg} (${p.kind})`);
      return 0;
    }
    case 'import': {
      if (!arg) throw new CliError('MISSING_ARGUMENT', '프로필 JSON 파일 경로가 필요합니다.', 2);
      // Replacing a profile of the same name shows what changes and needs a confirmation (the digest pins exactly
      // the profile shown, so the file cannot change between the question and the import).
      const preview = await b.previewProfileImport(arg);
      if (preview.exists && preview.changes.length > 0) {
        out.progress(`프로필 '${preview.name}'이(가) 이미 있습니다${preview.active ? ' (사용 중인 프로필)' : ''}. 바뀌는 항목:`);
        for (const c of preview.changes) out.progress(`  ${PROFILE_KEY_FIELDS.test(c.field) ? '!' : ' '} ${c.field}: ${c.before ?? '(없음)'} → ${c.after ?? '(없음)'}`);
        await confirm(v, `프로필 '${preview.name}'을(를) 위 내용으로 바꿉니다. 계속할까요?`);
      }
      const r = await b.importProfile(arg, { confirmReplace: preview.digest });
      out.result({ imported: r.name, kind: r.kind, replaced: r.replaced, changes: r.changes });
      if (!r.replaced) out.line(`프로필 '${r.name}'(${r.kind})을 가져왔습니다. 'docdesk profile use ${r.name}'로 활성화하세요.`);
      else out.line(r.changes === 0 ? `프로필 '${r.name}'은(는) 이미 같은 내용입니다.` : `프로필 '${r.name}'(${r.kind})을 바꿨습니다 (${r.changes}개 항목).`);
      return 0;
    }
    case 'schema': {
      const schema = z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' });
      out.result(schema);
      out.line(JSON.stringify(schema, null, 2));
      return 0;
    }
    default:
      throw new CliError('UNKNOWN_COMMAND', 'profile list | show [NAME] | use NAME | import FILE.json | schema', 2);
  }
}

export async function secretCommand(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const [verb, rawKey] = pos;
  if (verb === 'status') {
    const list = SECRET_KEYS.map((k) => b.secrets.status(k));
    out.result({ profile: b.profile().name, secrets: list });
    for (const s of list) out.line(`${s.key.padEnd(22)} ${s.set ? `설정됨 (…${s.last4}, ${s.source})` : '없음'}`);
    return 0;
  }
  const parsed = secretKeySchema.safeParse(rawKey);
  if (!parsed.success) throw new CliError('INVALID_ARGUMENT', `비밀 키는 ${SECRET_KEYS.join(', ')} 중 하나입니다.`, 2);
  const key = parsed.data;
  if (verb === 'set') {
    const value = interactive() ? await ask(`${key} 값: `, { hidden: true }) : (await readStdin()).trim();
    if (!value) throw new CliError('INVALID_ARGUMENT', '값이 비어 있습니다. 표준 입력으로 값을 전달하세요.', 2);
    await b.secrets.set(key, value);
    const st = b.secrets.status(key);
    out.result({ key, set: true, last4: st.last4 });
    out.line(`${key}를 저장했습니다 (…${st.last4}).`);
    return 0;
  }
  if (verb === 'clear') {
    await b.secrets.clear(key);
    out.result({ key, set: false });
    out.line(`${key}를 지웠습니다.`);
    return 0;
  }
  throw new CliError('UNKNOWN_COMMAND', 'secret set KEY | secret clear KEY | secret status', 2);
}

const CONFIG_KEYS = ['institutionName'] as const;
export async function configCommand(b: Backend, pos: string[], _v: CliValues, out: Output): Promise<number> {
  const [verb, key, value] = pos;
  const k = z.enum(CONFIG_KEYS).safeParse(key);
  if (verb !== 'set' || !k.success || !value) throw new CliError('INVALID_ARGUMENT', `config set ${CONFIG_KEYS.join('|')} VALUE`, 2);
  await b.config.set(k.data, value);
  out.result({ [k.data]: value });
  out.line(`${k.data} = ${value}`);
  return 0;
}
