// The profile switch's guard (main/app/activity.ts): refused while foreground work runs, nothing starts during a
// switch, and background work is stopped (its round finished) before the change and resumed after it.
import { expect, it } from 'vitest';
import { createActivityRegistry } from '../../main/app/activity.ts';

it('refuses a switch while work runs, naming it; blocks new work during a switch', async () => {
  const a = createActivityRegistry();
  const release = a.begin("발송 건 '1월 고지' 발송");
  await expect(a.exclusive('pb', async () => 'done')).rejects.toMatchObject({ code: 'PROFILE_BUSY', message: expect.stringContaining("발송 건 '1월 고지' 발송") });
  release();
  let during: unknown = null;
  await a.exclusive('pb', async () => {
    try {
      a.begin('상태 조회');
    } catch (err) {
      during = err;
    }
  });
  expect(during).toMatchObject({ code: 'PROFILE_SWITCHING' });
  expect(a.running()).toEqual([]);
});

it('stops background work before the change and resumes it after, also when the change fails', async () => {
  const a = createActivityRegistry();
  const log: string[] = [];
  a.addBackground({
    stop: async () => {
      await new Promise((r) => setTimeout(r, 20));
      log.push('stopped');
    },
    resume: () => log.push('resumed'),
  });
  await a.exclusive('pb', async () => void log.push('changed'));
  await expect(a.exclusive('pc', async () => Promise.reject(new Error('start failed')))).rejects.toThrow('start failed');
  expect(log).toEqual(['stopped', 'changed', 'resumed', 'stopped', 'resumed']);
});
