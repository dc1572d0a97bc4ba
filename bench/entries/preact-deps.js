// The panel's UI dependencies with Preact: render, h and the hooks it uses.
import { h, render } from 'preact';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';

function Probe() {
  const [count, setCount] = useState(0);
  const [state, dispatch] = useReducer((s, a) => s + a, 0);
  const ref = useRef(null);
  const doubled = useMemo(() => count * 2, [count]);
  const onClick = useCallback(() => setCount((c) => c + 1), []);
  useEffect(() => dispatch(1), [count]);
  return h('button', { ref, onClick }, String(doubled + state));
}

export function mount(el) {
  render(h(Probe, null), el);
}
