import { h } from 'preact';
import { act, render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { CodeBlock } from './CodeBlock';

const messages = { copiedMessage: 'Copied', manualMessage: 'Selected: press Ctrl+C.' };

describe('CodeBlock', () => {
  it('shows the code and copies it exactly, then says so', async () => {
    const code = '<script>\n  a = "b";\n</script>';
    // userEvent.setup() puts a clipboard stub on navigator, which the spies below watch.
    const user = userEvent.setup();
    render(<CodeBlock code={code} copyLabel="Copy tag" {...messages} />);
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');
    expect(screen.getByText(/a = "b"/).textContent).toBe(code);
    await user.click(screen.getByRole('button', { name: 'Copy tag' }));
    expect(writeText).toHaveBeenCalledWith(code);
    expect(await screen.findByRole('status')).toHaveTextContent('Copied');
  });

  it('when the clipboard refuses, selects the code and says to copy by hand', async () => {
    const user = userEvent.setup();
    render(<CodeBlock code="echo 1" copyLabel="Copy" {...messages} />);
    jest.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Selected: press Ctrl+C.')).toBeInTheDocument();
    expect(window.getSelection()!.toString()).toBe('echo 1');
  });

  it('the feedback goes away after a couple of seconds, and an unmount cancels its timer', async () => {
    jest.useFakeTimers();
    try {
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      const view = render(<CodeBlock code="x" copyLabel="Copy" {...messages} />);
      await user.click(screen.getByRole('button', { name: 'Copy' }));
      expect(await screen.findByText('Copied')).toBeInTheDocument();
      await act(() => jest.advanceTimersByTime(3000));
      expect(screen.queryByText('Copied')).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Copy' }));
      view.unmount();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
