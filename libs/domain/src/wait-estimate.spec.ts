import { estimateWaitSeconds } from './wait-estimate.js';

describe('estimateWaitSeconds', () => {
  it.each([
    [{ position: 1, averageHandleSeconds: 300, staffedAgents: 2 }, 0],
    [{ position: 5, averageHandleSeconds: 300, staffedAgents: 2 }, 600],
    [{ position: 3, averageHandleSeconds: 100, staffedAgents: 3 }, 67],
    [{ position: 3, averageHandleSeconds: 100, staffedAgents: 0 }, 200],
  ])('%j → %i s', (input, expected) => expect(estimateWaitSeconds(input)).toBe(expected));
});
