import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBackgroundToContent, isCardFrameMessage, isFrameToCardMessage, isPageLinksAnswer } from './guards';
import {
  BackgroundToContentSchema,
  CardFrameMessageSchema,
  FrameToCardMessageSchema,
  PageLinksAnswerSchema,
} from './messages';

/**
 * Messages near the real ones: right and wrong types, heights, pin states and URLs of every sort, extra fields,
 * non-objects.
 */
const messages = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom(
        'settings/changed',
        'resize',
        'close',
        'pin',
        'show',
        'hide',
        'watch',
        'Show',
        '',
      ),
      pinned: fc.oneof(
        fc.boolean(),
        fc.constant('true'),
        fc.integer({ min: 0, max: 1 }),
        fc.constant(undefined),
      ),
      height: fc.oneof(fc.double(), fc.integer({ min: -10, max: 3000 }), fc.string(), fc.constant(undefined)),
      url: fc.oneof(fc.webUrl(), fc.constant(''), fc.constant('x'.repeat(8193)), fc.integer()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

/** Answers near the real ones: good and bad anchors, long texts and URLs, wrong types, extra fields. */
const text = fc.oneof(fc.string({ maxLength: 130 }), fc.constant('t'.repeat(121)), fc.integer());
const answers = fc.oneof(
  fc.record(
    {
      anchors: fc.oneof(
        fc.array(
          fc.oneof(
            fc.record(
              { href: fc.oneof(fc.webUrl(), fc.constant('h'.repeat(8193))), text },
              { requiredKeys: [] },
            ),
            fc.anything(),
          ),
          { maxLength: 5 },
        ),
        fc.anything(),
      ),
      pageUrl: fc.oneof(fc.webUrl(), fc.integer(), fc.constant('p'.repeat(8193))),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe('zod-free guards', () => {
  it.each([
    ['background → content', isBackgroundToContent, BackgroundToContentSchema],
    ['card → frame', isCardFrameMessage, CardFrameMessageSchema],
    ['frame → card', isFrameToCardMessage, FrameToCardMessageSchema],
  ] as const)('accept exactly what the %s schema accepts', (_name, guard, schema) => {
    fc.assert(
      fc.property(messages, (message) => {
        expect(guard(message)).toBe(schema.safeParse(message).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("accept exactly the page scan's answers the schema accepts", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        expect(isPageLinksAnswer(answer)).toBe(PageLinksAnswerSchema.safeParse(answer).success);
      }),
      { numRuns: 2000 },
    );
    const many = {
      anchors: Array.from({ length: 50_001 }, () => ({ href: 'https://a.example/', text: '' })),
      pageUrl: '',
    };
    expect(isPageLinksAnswer(many)).toBe(false);
    expect(PageLinksAnswerSchema.safeParse(many).success).toBe(false);
  });
});
