import type { AmdRequire } from '@amocrm/widget-types';
import { createModuleLoader } from './module-loader';

/** A RequireJS stand-in: records the ids asked for; the test decides each answer. */
function fakeRequire() {
  const calls: { id: string; load: (m: unknown) => void; fail: (e: unknown) => void }[] = [];
  const amdRequire: AmdRequire = (ids, onLoad, onError) =>
    calls.push({ id: ids[0], load: (m) => onLoad(m), fail: (e) => onError?.(e) });
  return { amdRequire, calls };
}

describe('module loader over the host RequireJS', () => {
  it('asks for the file by its relative id WITH .js and the version as a cache-buster', async () => {
    const { amdRequire, calls } = fakeRequire();
    const loading = createModuleLoader(amdRequire)('./settings.js', '1.0.0');
    expect(calls.map((c) => c.id)).toEqual(['./settings.js?v=1.0.0']);
    calls[0].load('the module');
    await expect(loading).resolves.toBe('the module');
  });

  it('without a version the id is the bare file', () => {
    const { amdRequire, calls } = fakeRequire();
    void createModuleLoader(amdRequire)('./settings.js', '');
    expect(calls[0].id).toBe('./settings.js');
  });

  it('after a failure the next attempt uses a new id (RequireJS replays a failed id forever)', async () => {
    const { amdRequire, calls } = fakeRequire();
    const load = createModuleLoader(amdRequire);
    const first = load('./settings.js', '1.0.0');
    calls[0].fail(new Error('Script error for "./settings.js?v=1.0.0"'));
    await expect(first).rejects.toThrow('Script error');
    const second = load('./settings.js', '1.0.0');
    calls[1].fail('not an Error');
    await expect(second).rejects.toThrow('could not be loaded');
    const third = load('./settings.js', '1.0.0');
    calls[2].load('ok');
    await expect(third).resolves.toBe('ok');
    expect(calls.map((c) => c.id)).toEqual([
      './settings.js?v=1.0.0',
      './settings.js?v=1.0.0&retry=1',
      './settings.js?v=1.0.0&retry=2',
    ]);
  });

  it('gives up after the timeout, and a late answer changes nothing', async () => {
    jest.useFakeTimers();
    try {
      const { amdRequire, calls } = fakeRequire();
      const loading = createModuleLoader(amdRequire, 5000)('./settings.js', '1');
      jest.advanceTimersByTime(5000);
      await expect(loading).rejects.toThrow('no answer in 5000 ms');
      calls[0].load('late');
      await expect(loading).rejects.toThrow('no answer');
    } finally {
      jest.useRealTimers();
    }
  });

  it('a require that throws at once is a failed load, not a crash', async () => {
    const amdRequire: AmdRequire = () => {
      throw new Error('mismatched anonymous define');
    };
    await expect(createModuleLoader(amdRequire)('./settings.js', '1')).rejects.toThrow(
      'mismatched anonymous define',
    );
  });
});
