// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusMessage } from './StatusMessage';

const URL_OF_LINK = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7?e=4fQ2';

function show(node: preact.ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

afterEach(() => document.body.replaceChildren());

describe('a link whose provider is not connected yet', () => {
  it('says what to do instead of offering a sign-in that cannot work, and opens the setup page', () => {
    const actions = { onSignIn: vi.fn(), onRetry: vi.fn(), onSetup: vi.fn() };
    const card = show(
      <StatusMessage
        state={{ status: 'signedOut', provider: 'graph', setupNeeded: true }}
        url={URL_OF_LINK}
        actions={actions}
      />,
    );
    expect(card.textContent).toContain('connected to your Microsoft 365 organisation first');
    const buttons = [...card.querySelectorAll('button')];
    expect(buttons.map((button) => button.textContent)).toEqual(['Open setup']);
    buttons[0]?.click();
    expect(actions.onSetup).toHaveBeenCalledOnce();
    expect(actions.onSignIn).not.toHaveBeenCalled();
  });

  it('still offers Sign in once the provider is connected', () => {
    const actions = { onSignIn: vi.fn(), onRetry: vi.fn(), onSetup: vi.fn() };
    const card = show(
      <StatusMessage
        state={{ status: 'signedOut', provider: 'graph' }}
        url={URL_OF_LINK}
        actions={actions}
      />,
    );
    expect(card.textContent).not.toContain('Microsoft 365 organisation first');
    card.querySelector('button')?.click();
    expect(actions.onSignIn).toHaveBeenCalledOnce();
  });
});
