// The same dependencies with React 18 + ReactDOM, for the size comparison only (never shipped).
import { createElement as h, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

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
  createRoot(el).render(h(Probe, null));
}
