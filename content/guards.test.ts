import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackgroundToContentSchema, CardFrameMessageSchema, PageToContentSchema } from '@/lib/messages';
import { isBackgroundToContent, isCardFrameMessage, isPageToContent } from './guards';

/** Messages near the real ones: right and wrong types, heights of every sort, extra fields, non-objects. */
const candidates = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('page/links', 'settings/changed', 'resize', 'close', 'watch', 'Page/Links', ''),
      height: fc.oneof(fc.double(), fc.integer({ min: -10, max: 3000 }), fc.string(), fc.constant(undefined)),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe('content script guards', () => {
  it.each([
    ['page → content', isPageToContent, PageToContentSchema],
    ['background → content', isBackgroundToContent, BackgroundToContentSchema],
    ['card → frame', isCardFrameMessage, CardFrameMessageSchema],
  ] as const)('accept exactly what the %s schema accepts', (_name, guard, schema) => {
    fc.assert(
      fc.property(candidates, (message) => {
        expect(guard(message)).toBe(schema.safeParse(message).success);
      }),
      { numRuns: 2000 },
    );
  });
});
