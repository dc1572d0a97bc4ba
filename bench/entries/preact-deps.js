// The panel's UI dependencies with Preact: h, render, Component, createRef, Fragment (no hooks, as shipped).
import { Component, createRef, Fragment, h, render } from 'preact';

class Probe extends Component {
  state = { count: 0 };
  button = createRef();
  componentDidMount() {
    this.button.current.focus();
  }
  render(_props, { count }) {
    return h(Fragment, null, h('button', { ref: this.button, onClick: () => this.setState({ count: count + 1 }) }, String(count)));
  }
}

export function mount(el) {
  render(h(Probe, null), el);
}
