/**
 * The key a person may ask to hold for a hover card to open (the `hoverModifier` setting). Kept apart from the
 * settings schema so the content script and the options page use it without bundling zod. The names are the
 * keys' `KeyboardEvent.key` values.
 */
export const HOVER_MODIFIERS = ['none', 'Alt', 'Control', 'Shift', 'Meta'] as const;
export type HoverModifier = (typeof HOVER_MODIFIERS)[number];

/** Which modifier keys were down: a mouse or keyboard event. */
export type ModifierState = Pick<MouseEvent, 'altKey' | 'ctrlKey' | 'shiftKey' | 'metaKey'>;

const FLAG = { Alt: 'altKey', Control: 'ctrlKey', Shift: 'shiftKey', Meta: 'metaKey' } as const;

/** True when `modifier` is 'none' (no key asked for) or is held in `state`. */
export function modifierSatisfied(modifier: HoverModifier, state: ModifierState): boolean {
  return modifier === 'none' || state[FLAG[modifier]];
}
