import { estimateWaitSeconds } from './wait-estimate.js';

describe('estimateWaitSeconds', () => {
  it.each([
    // First in line, every agent busy: one of the two comes free in 300 / 2 s on average.
    [{ position: 1, averageHandleSeconds: 300, staffedAgents: 2 }, 150],
    [{ position: 5, averageHandleSeconds: 300, staffedAgents: 2 }, 750],
    [{ position: 3, averageHandleSeconds: 100, staffedAgents: 3 }, 100],
    // Nobody staffed: as if one agent were coming.
    [{ position: 3, averageHandleSeconds: 100, staffedAgents: 0 }, 300],
    // Taken at once: no wait, whatever the figures.
    [{ position: 1, averageHandleSeconds: 300, staffedAgents: 2, answeredAtOnce: true }, 0],
  ])('%j → %i s', (input, expected) => expect(estimateWaitSeconds(input)).toBe(expected));
});
