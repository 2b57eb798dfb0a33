import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

/** Renders a component into a fresh element of the document and lets its effects and first loads settle. */
export async function mount(node: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(node, root));
  // One task turn: the loads the stubs answer at once have resolved and rendered (no time waited).
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  return root;
}
