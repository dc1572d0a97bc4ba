// A block of code to copy, with its Copy button. The code wraps instead of scrolling (a scroll box would need its
// own keyboard stop) and copying stays exact. Where the clipboard is refused or absent (an http page, an old
// browser, a denied permission) the code is selected so Ctrl+C still works, and the block says so.
import { Component, createRef, h } from 'preact';

export interface CodeBlockProps {
  code: string;
  /** The button's text, naming what it copies: "Copy PHP request". */
  copyLabel: string;
  /** Said by the button after a copy. */
  copiedMessage: string;
  /** Said by the button when the code was selected for a manual copy instead. */
  manualMessage: string;
}

/** How long a copy's feedback stays by the button. */
const FEEDBACK_MS = 2500;

export class CodeBlock extends Component<CodeBlockProps, { feedback: string }> {
  private code = createRef<HTMLElement>();
  private timer?: ReturnType<typeof setTimeout>;

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  private say(feedback: string) {
    this.setState({ feedback });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setState({ feedback: '' }), FEEDBACK_MS);
  }

  private selectCode = () => {
    // Null only once unmounted (the clipboard may refuse late).
    if (this.code.current) window.getSelection()?.selectAllChildren(this.code.current);
    this.say(this.props.manualMessage);
  };

  private copy = () => {
    if (!navigator.clipboard?.writeText) return this.selectCode();
    navigator.clipboard
      .writeText(this.props.code)
      .then(() => this.say(this.props.copiedMessage), this.selectCode);
  };

  render({ code, copyLabel }: CodeBlockProps) {
    return (
      <div class="lqa-code">
        <pre>
          <code ref={this.code}>{code}</code>
        </pre>
        <div class="lqa-code__bar">
          <button type="button" class="lqa-button" onClick={this.copy}>
            {copyLabel}
          </button>
          <span class="lqa-code__feedback" role="status">
            {this.state.feedback}
          </span>
        </div>
      </div>
    );
  }
}
