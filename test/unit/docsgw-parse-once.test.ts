import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonParser, parseOnce, parseProblem, toOutcome, type ResponseParser } from '../../main/docsgw/map-response.ts';
import type { ServiceResponse } from '../../main/http/service-client.ts';

const answer = (body: string): ServiceResponse => ({ status: 200, body, address: '127.0.0.1' });

/** jsonParser over a small schema, counting how often it runs. */
function countingParser(): { parser: ResponseParser<{ n: number }>; runs: () => number } {
  let runs = 0;
  const inner = jsonParser(z.object({ n: z.number() }));
  return {
    parser: (res) => {
      runs++;
      return inner(res);
    },
    runs: () => runs,
  };
}

describe('parseOnce: one parse per answer for the exchange log check and the outcome', () => {
  it('parses a 2xx answer once when both the check and toOutcome read it', () => {
    const counting = countingParser();
    const parser = parseOnce(counting.parser);
    const res = answer('{"n":7}');
    expect(parseProblem(parser)(res)).toBeNull();
    const outcome = toOutcome({ kind: 'response', response: res, attempts: [] }, parser, { host: 'gw', secrets: [] });
    expect(outcome).toEqual({ kind: 'ok', value: { n: 7 }, status: 200, address: '127.0.0.1' });
    expect(counting.runs()).toBe(1);
  });

  it('keeps the refusal of a body that does not match, and parses another answer on its own', () => {
    const counting = countingParser();
    const parser = parseOnce(counting.parser);
    const bad = answer('{"n":"x"}');
    expect(parseProblem(parser)(bad)?.code).toBe('UNPARSABLE_RESPONSE');
    expect(toOutcome({ kind: 'response', response: bad, attempts: [] }, parser, { host: 'gw', secrets: [] }).kind).toBe('ambiguous');
    expect(parser(answer('{"n":1}'))).toEqual({ ok: true, value: { n: 1 } });
    expect(counting.runs()).toBe(2);
  });
});
