import { describe, expect, it } from 'vitest';
import { NoticeLog } from './notices';

describe('NoticeLog', () => {
  it('keeps one entry per code with its count, latest last', () => {
    const log = new NoticeLog();
    log.add('warning', 'outdated-cursor', 'missed some', 1000);
    for (let i = 0; i < 100; i++) log.add('warning', 'connection-lost', `drop ${i}`, 2000 + i);
    const notices = log.list();
    expect(notices.map((n) => [n.code, n.count])).toEqual([
      ['outdated-cursor', 1],
      ['connection-lost', 100],
    ]);
    expect(notices[1]).toMatchObject({
      message: 'drop 99',
      firstAt: new Date(2000).toISOString(),
      at: new Date(2099).toISOString(),
    });
  });

  it('bounds codes and message length', () => {
    const log = new NoticeLog(3);
    for (const code of ['a', 'b', 'c', 'd']) log.add('info', code, 'x'.repeat(10_000), 0);
    expect(log.list().map((n) => n.code)).toEqual(['b', 'c', 'd']);
    expect(log.list()[0]!.message).toHaveLength(500);
  });
});
