import { h } from 'preact';
import { act, render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { PIPELINES } from '../lead-panel/test-utils';
import { createTranslate } from '../contracts/translate';
import en from '../../i18n/en.json';
import { DEFAULT_SETTINGS, parseSettings, type WidgetSettings } from '../contracts/settings';
import { SettingsPage } from './SettingsPage';
import { WON_STATUS_ID } from '../domain/stages';

const t = createTranslate(en);

function setup(
  initial: WidgetSettings = DEFAULT_SETTINGS,
  getPipelines = jest.fn(async () => PIPELINES),
  accountHost = 'acme.amocrm.ru',
  showErrors = false,
) {
  const onChange = jest.fn();
  const user = userEvent.setup();
  const view = render(
    <SettingsPage
      t={t}
      api={{ getPipelines }}
      initial={initial}
      accountHost={accountHost}
      onChange={onChange}
      showErrors={showErrors}
    />,
  );
  return { onChange, user, view, getPipelines, last: () => JSON.parse(onChange.mock.calls.at(-1)[0]) };
}

describe('SettingsPage', () => {
  it('Quick tags: names separated by commas, saved trimmed, without blanks or duplicates; the text stays as typed', async () => {
    const { user, last } = setup();
    const box = screen.getByRole('textbox', { name: 'Quick tags' });
    await user.type(box, ' urgent , callback,,VIP, Urgent ,  ');
    expect(box).toHaveValue(' urgent , callback,,VIP, Urgent ,  ');
    expect(last().panel.quickTags).toEqual(['urgent', 'callback', 'VIP']);
    expect(parseSettings(JSON.stringify(last())).panel.quickTags).toEqual(['urgent', 'callback', 'VIP']);
  });

  it('saved quick tags come back as one comma-separated line', () => {
    setup(parseSettings({ panel: { quickTags: ['urgent', 'VIP'] } }));
    expect(screen.getByRole('textbox', { name: 'Quick tags' })).toHaveValue('urgent, VIP');
  });

  it('"Respect required fields" is on by default and can be turned off', async () => {
    const { user, last } = setup();
    const box = screen.getByRole('checkbox', { name: 'Respect required fields' });
    expect(box).toBeChecked();
    await user.click(box);
    expect(last().panel.respectRequiredFields).toBe(false);
  });

  it('shows saved values and writes valid JSON on every change', async () => {
    const saved = parseSettings({
      linking: { siteUrl: 'https://shop.example', hiddenField: 'uid', pipelineId: 2, stageId: 21 },
    });
    const { user, last } = setup(saved);
    expect(screen.getByRole('textbox', { name: 'Site address' })).toHaveValue('https://shop.example');
    expect(screen.getByRole('textbox', { name: 'Hidden field name' })).toHaveValue('uid');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Pipeline' })).toHaveValue('2'));
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('21');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Pipeline' }), '1');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stage' }), '12');
    expect(last().linking).toMatchObject({ pipelineId: 1, stageId: 12, siteUrl: 'https://shop.example' });
    expect(parseSettings(JSON.stringify(last()))).toEqual(last());
  });

  it('explains an invalid field next to it', async () => {
    const { user } = setup();
    const field = screen.getByRole('textbox', { name: 'Hidden field name' });
    await user.clear(field);
    await user.type(field, 'bad name!');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Use field names of letters/);
    const site = screen.getByRole('textbox', { name: 'Site address' });
    await user.type(site, 'not a site');
    expect(site).toHaveAccessibleDescription('Enter a web address such as https://shop.example.');
  });

  it('refuses to hide every quick action', async () => {
    const { user } = setup();
    for (const name of ['Stage (next stage, won, lost)', 'Budget', 'Tags'])
      await user.click(screen.getByRole('checkbox', { name }));
    expect(screen.getByText('Show at least one quick action.')).toBeInTheDocument();
  });

  it('snippets follow the inputs; every one has a Copy button with visible feedback', async () => {
    const { user } = setup();
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');
    await user.type(screen.getByRole('textbox', { name: 'Site address' }), 'shop.example');
    await user.click(screen.getByRole('radio', { name: /Legacy API v2/ }));
    await user.click(screen.getByRole('button', { name: 'Copy curl request' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('/api/v2/leads'));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('Request from shop.example'));
    expect(await screen.findByText('Copied')).toBeInTheDocument();
    for (const name of [
      'Copy pixel tag',
      'Copy browser snippet',
      'Copy PHP request',
      'Copy Node request',
      'Copy hidden field',
    ]) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(screen.getByText(/piper\.amocrm\.ru\/pixel/)).toBeInTheDocument();
  });

  it('falls back to selecting the code when the clipboard refuses', async () => {
    const { user } = setup();
    jest.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy pixel tag' }));
    expect(await screen.findByText(/the code is selected/)).toBeInTheDocument();
  });

  it('detects Kommo accounts for the pixel host', () => {
    setup(DEFAULT_SETTINGS, undefined, 'acme.kommo.com');
    expect(screen.getByText(/piper\.kommo\.com\/pixel/)).toBeInTheDocument();
  });

  it('checks a visitor id', async () => {
    const { user } = setup();
    const box = screen.getByRole('textbox', { name: 'Visitor ID to check' });
    await user.type(box, 'hello');
    expect(screen.getByText(/Not a pixel visitor id/)).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, '12345678-52d2-44c2-9e16-ba0052d9f6d6');
    expect(screen.getByText(/Well-formed/)).toBeInTheDocument();
  });

  it('a pipelines failure shows Retry and the rest still works', async () => {
    const getPipelines = jest.fn().mockRejectedValueOnce(new Error('x')).mockResolvedValue(PIPELINES);
    const { user } = setup(DEFAULT_SETTINGS, getPipelines);
    await screen.findByText('Could not load the pipelines.');
    expect(screen.getByRole('textbox', { name: 'Site address' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('option', { name: 'Wholesale' })).toBeInTheDocument());
  });

  it('a won or lost stage is allowed but warned about next to the Stage field', async () => {
    const { user, last } = setup();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Pipeline' }), '1');
    const stage = screen.getByRole('combobox', { name: 'Stage' });
    await user.selectOptions(stage, String(WON_STATUS_ID));
    expect(stage).toHaveAccessibleDescription(/closed stage \(won or lost\)/);
    expect(stage).not.toHaveAttribute('aria-invalid');
    expect(last().linking).toMatchObject({ pipelineId: 1, stageId: WON_STATUS_ID });
    await user.selectOptions(stage, '11');
    expect(stage).not.toHaveAccessibleDescription();
  });

  it('after a refused save every invalid field shows its message without being touched', async () => {
    const saved = parseSettings({
      linking: { siteUrl: 'nope', hiddenField: 'two words', pipelineId: 1, stageId: 21 },
    });
    setup(saved, undefined, undefined, true);
    expect(screen.getByRole('textbox', { name: 'Site address' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'Hidden field name' })).toHaveAccessibleDescription(
      /Use field names of letters/,
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveAccessibleDescription(
        'Choose a stage of the chosen pipeline.',
      ),
    );
  });

  it('without showErrors a saved invalid value stays quiet until edited', () => {
    setup(parseSettings({ linking: { hiddenField: 'two words' } }));
    expect(screen.getByRole('textbox', { name: 'Hidden field name' })).not.toHaveAttribute('aria-invalid');
  });

  it('changing the pipeline clears a stage of the old pipeline', async () => {
    const { user, last } = setup(parseSettings({ linking: { pipelineId: 1, stageId: 12 } }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Pipeline' }), '2');
    expect(last().linking).toMatchObject({ pipelineId: 2, stageId: null });
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('');
    expect(screen.getByRole('option', { name: 'Quote' })).toBeInTheDocument();
  });

  it('v4 request uses the chosen pipeline and the unsorted-forms endpoint, with its uncertainty stated', async () => {
    const { user } = setup(
      parseSettings({ linking: { siteUrl: 'shop.example', pipelineId: 2, stageId: 21 } }),
    );
    await screen.findByRole('option', { name: 'Wholesale' });
    const curl = screen
      .getByRole('button', { name: 'Copy curl request' })
      .closest('.lqa-code')!
      .querySelector('code')!.textContent!;
    expect(curl).toContain("'https://acme.amocrm.ru/api/v4/leads/unsorted/forms'");
    expect(curl).toContain('"pipeline_id": 2');
    expect(screen.getByText(/documents no visitor_uid for creating deals/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Legacy API v2/ }));
    const v2 = screen
      .getByRole('button', { name: 'Copy curl request' })
      .closest('.lqa-code')!
      .querySelector('code')!.textContent!;
    expect(v2).toContain('"status_id": 21');
    expect(v2).toContain('"pipeline_id": 2');
  });

  it('step 4 names the chosen pipeline', async () => {
    setup(parseSettings({ linking: { pipelineId: 2 } }));
    expect(await screen.findByText(/open the pipeline "Wholesale"/)).toBeInTheDocument();
    expect(screen.getByText(/add the trigger "Site visit"/)).toBeInTheDocument();
  });

  it('archived pipelines are not offered for new site deals', async () => {
    const withArchive = [
      ...PIPELINES,
      { ...PIPELINES[1], id: 9, name: 'Old 2019', isArchive: true, stages: [] },
    ];
    setup(
      DEFAULT_SETTINGS,
      jest.fn(async () => withArchive),
    );
    await screen.findAllByRole('option', { name: 'Wholesale' });
    expect(screen.queryByRole('option', { name: 'Old 2019' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Old 2019' })).toBeNull();
  });

  it('says the pipelines are loading until they arrive', async () => {
    let resolve!: (p: typeof PIPELINES) => void;
    setup(
      DEFAULT_SETTINGS,
      jest.fn(() => new Promise<typeof PIPELINES>((r) => (resolve = r))),
    );
    expect(screen.getByText('Loading pipelines…')).toHaveAttribute('role', 'status');
    resolve(PIPELINES);
    await waitFor(() => expect(screen.queryByText('Loading pipelines…')).toBeNull());
  });

  it('the panel options are saved: pipelines offered and the loss reason policy', async () => {
    const { user, last } = setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Wholesale' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'When a deal is closed as lost' }),
      'always',
    );
    expect(last().panel).toMatchObject({ pipelineIds: [2], lossReason: 'always' });
  });

  it('copy feedback goes away after a couple of seconds', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      render(
        <SettingsPage
          t={t}
          api={{ getPipelines: async () => PIPELINES }}
          initial={DEFAULT_SETTINGS}
          accountHost="acme.amocrm.ru"
          onChange={() => undefined}
        />,
      );
      await user.click(screen.getByRole('button', { name: 'Copy browser snippet' }));
      expect(await screen.findByText('Copied')).toBeInTheDocument();
      await act(() => jest.advanceTimersByTime(3000));
      expect(screen.queryByText('Copied')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('without a clipboard API the code is selected and the page says so', async () => {
    const { user } = setup();
    const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    try {
      await user.click(screen.getByRole('button', { name: 'Copy PHP request' }));
      expect(screen.getByText(/the code is selected/)).toBeInTheDocument();
      expect(window.getSelection()!.toString()).toContain('<?php');
    } finally {
      if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
      else delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });
});
