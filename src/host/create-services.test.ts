import type { AmoApp, Widget } from '@amocrm/widget-types';
import type { ApiClient } from '../api/types';
import { DEFAULT_SETTINGS } from '../contracts/settings';
import { createHostServices, readCardContacts, readUserName } from './create-services';

function services(widget: Partial<Widget>, app?: AmoApp) {
  return createHostServices({
    widget: { langs: {}, i18n: () => undefined, ...widget } as unknown as Widget,
    app,
    api: {} as ApiClient,
    settings: DEFAULT_SETTINGS,
    reload: jest.fn(),
    loadMoveStep: jest.fn(),
  });
}

describe('host services from the amoCRM runtime', () => {
  it('subscribes to the lead channel with keys [] — amoCRM reads keys as a filter path, so ["*"] hears nothing', () => {
    const unsubscribe = jest.fn();
    const listen = jest.fn((_channel: string, _keys: string[], _cb: (payload: unknown) => void) => unsubscribe);
    const onChange = jest.fn();
    const stop = services({ listenSocketChannel: listen }).subscribeLead(42, onChange);
    expect(listen).toHaveBeenCalledWith('leads:card:42', [], expect.any(Function));
    // Any payload (the docs show only an example shape) means "the deal changed".
    listen.mock.calls[0][2]({ data: { params: { old_value: 1, new_value: 2 } } });
    listen.mock.calls[0][2](undefined);
    expect(onChange).toHaveBeenCalledTimes(2);
    stop();
    stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('a host whose listenSocketChannel throws still gives a working unsubscribe', () => {
    const stop = services({
      listenSocketChannel: () => {
        throw new TypeError('callback must be a function');
      },
    }).subscribeLead(1, () => undefined);
    expect(() => stop()).not.toThrow();
  });

  it('reads the card contacts with names, skipping broken entries, and joins first and last name', async () => {
    const widget = {
      get_current_card_contacts_data: async () => [
        { id: 7, name: 'Анна Петрова', first_name: 'Анна', last_name: 'Петрова', phones: [], emails: [] },
        { id: '8', name: '', first_name: 'Ivan', last_name: 'Sidorov' },
        { id: 'x', name: 'no id' },
        null,
        { id: 9 },
      ],
    } as unknown as Widget;
    await expect(readCardContacts(widget)).resolves.toEqual([
      { id: 7, name: 'Анна Петрова' },
      { id: 8, name: 'Ivan Sidorov' },
    ]);
  });

  it.each([
    ['absent', {}],
    ['throwing', { get_current_card_contacts_data: () => { throw new Error('no card'); } }],
    ['rejecting', { get_current_card_contacts_data: () => Promise.reject(new Error('x')) }],
    ['not a list', { get_current_card_contacts_data: async () => ({ id: 1 }) }],
  ])('card contacts %s → none', async (_name, widget) => {
    await expect(readCardContacts(widget as unknown as Widget)).resolves.toEqual([]);
  });

  it("names a user from APP.constant('managers') by title, and nothing for an unknown or broken entry", () => {
    const app = {
      data: {},
      constant: (name: string) =>
        name === 'managers'
          ? { 11: { id: 11, title: ' Мария Иванова ', login: 'm@x', active: true, is_admin: 'Y' }, 12: { id: 12 } }
          : undefined,
    } as AmoApp;
    expect(readUserName(app, 11)).toBe('Мария Иванова');
    expect(readUserName(app, 12)).toBeNull();
    expect(readUserName(app, 13)).toBeNull();
    expect(readUserName(undefined, 11)).toBeNull();
    expect(readUserName({ data: {}, constant: () => { throw new Error('x'); } } as AmoApp, 11)).toBeNull();
  });
});
