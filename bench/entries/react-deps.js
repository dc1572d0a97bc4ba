// The same dependencies with React 18 + ReactDOM, for the size comparison only (never shipped).
import { Component, createRef, Fragment, createElement as h } from 'react';
import { createRoot } from 'react-dom/client';

class Probe extends Component {
  state = { count: 0 };
  button = createRef();
  componentDidMount() {
    this.button.current.focus();
  }
  render() {
    const { count } = this.state;
    return h(Fragment, null, h('button', { ref: this.button, onClick: () => this.setState({ count: count + 1 }) }, String(count)));
  }
}

export function mount(el) {
  createRoot(el).render(h(Probe, null));
}
