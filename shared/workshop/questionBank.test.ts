import { describe, expect, it } from 'vitest';
import { STRIDE_CATEGORIES } from '../model/schema';
import { QUESTION_BANK, STRIDE_PER_ELEMENT, questionsFor } from './questionBank';

describe('the question bank', () => {
  it('has two to four questions with an example for every category, with unique IDs', () => {
    const ids = new Set<string>();
    for (const category of STRIDE_CATEGORIES) {
      const questions = QUESTION_BANK[category];
      expect(questions.length).toBeGreaterThanOrEqual(2);
      expect(questions.length).toBeLessThanOrEqual(4);
      for (const question of questions) {
        expect(question.text).toMatch(/\?$/);
        expect(question.example.length).toBeGreaterThan(20);
        expect(ids.has(question.id)).toBe(false);
        ids.add(question.id);
      }
    }
  });

  it('asks each kind only the STRIDE categories that apply to it (STRIDE per element)', () => {
    expect(STRIDE_PER_ELEMENT.externalEntity).toEqual(['Spoofing', 'Repudiation']);
    expect(STRIDE_PER_ELEMENT.process).toEqual(STRIDE_CATEGORIES);
    expect(STRIDE_PER_ELEMENT.dataStore).not.toContain('Spoofing');
    expect(STRIDE_PER_ELEMENT.dataStore).not.toContain('ElevationOfPrivilege');
    expect(STRIDE_PER_ELEMENT.flow).toEqual([
      'Tampering',
      'InformationDisclosure',
      'DenialOfService',
    ]);
  });

  it('returns the questions of each applicable category in STRIDE order', () => {
    const flow = questionsFor('flow');
    expect(flow.map((group) => group.category)).toEqual(STRIDE_PER_ELEMENT.flow);
    expect(flow[0]!.questions).toBe(QUESTION_BANK.Tampering);
  });
});
