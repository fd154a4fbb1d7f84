import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The entity tab renders many cards and charts; on a busy machine 1 s is not always enough.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

// jsdom has no layout and no ResizeObserver; recharts' ResponsiveContainer needs one. This stub
// reports a fixed size so that charts render their SVG in tests as in a browser.
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 600, height: 200 },
        } as unknown as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??=
  FixedSizeResizeObserver as unknown as typeof ResizeObserver;

// jsdom has no SVG layout; DependencyGraph sizes nodes and edge labels by getBBox(). This stub gives
// each element a box from its text (7 px per character, 16 px per line) so that layouts settle.
if (!('getBBox' in SVGElement.prototype)) {
  Object.defineProperty(SVGElement.prototype, 'getBBox', {
    value(this: SVGElement) {
      const lines = this.querySelectorAll('tspan').length || 1;
      const text = this.textContent ?? '';
      return {
        x: 0,
        y: 0,
        width: Math.ceil((text.length * 7) / lines),
        height: 16 * lines,
      };
    },
  });
}
