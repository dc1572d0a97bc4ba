import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { PIPELINES } from '../lead-panel/test-utils';
import { createTranslate } from '../ui/i18n';
import en from '../../i18n/en.json';
import { DEFAULT_SETTINGS, parseSettings, type WidgetSettings } from './schema';
import { SettingsPage } from './SettingsPage';

const t = createTranslate(en);

function setup(initial: WidgetSettings = DEFAULT_SETTINGS, getPipelines = jest.fn(async () => PIPELINES), accountHost = 'acme.amocrm.ru') {
  const onChange = jest.fn();
  const user = userEvent.setup();
  const view = render(<SettingsPage t={t} api={{ getPipelines }} initial={initial} accountHost={accountHost} onChange={onChange} />);
  return { onChange, user, view, getPipelines, last: () => JSON.parse(onChange.mock.calls.at(-1)[0]) };
}

describe('SettingsPage', () => {
  it('shows saved values and writes valid JSON on every change', async () => {
    const saved = parseSettings({ linking: { siteUrl: 'https://shop.example', hiddenField: 'uid', pipelineId: 2, stageId: 21 } });
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
    for (const name of ['Stage (next stage, won, lost)', 'Budget', 'Tags']) await user.click(screen.getByRole('checkbox', { name }));
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
    for (const name of ['Copy pixel tag', 'Copy browser snippet', 'Copy PHP request', 'Copy Node request', 'Copy hidden field']) {
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
});
