import { FairSlots } from './fair-slots';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a subgraph\'s call slots, shared between callers', () => {
  it('lets a caller alone use every slot', async () => {
    const slots = new FairSlots(4);
    const held = await Promise.all([1, 2, 3, 4].map(() => slots.acquire('DEA:a')));
    expect(slots.heldBy('DEA:a')).toBe(4);
    held.forEach((release) => release());
    expect(slots.heldBy('DEA:a')).toBe(0);
  });

  it('serves a second caller before the first caller\'s backlog, and caps each at its share', async () => {
    const slots = new FairSlots(4);
    const greedy: (() => void)[] = [];
    for (let i = 0; i < 4; i++) greedy.push(await slots.acquire('DEA:a'));
    // The greedy caller queues four more, then another caller asks for one.
    const backlog = [1, 2, 3, 4].map(() => slots.acquire('DEA:a').then((release) => greedy.push(release)));
    let otherGranted = false;
    const other = slots.acquire('HSI:b').then((release) => { otherGranted = true; return release; });
    await settle();
    expect(otherGranted).toBe(false); // every slot is busy

    greedy.shift()!(); // one of the greedy caller's calls ends: the slot goes to the other caller, not to the backlog
    await settle();
    expect(otherGranted).toBe(true);
    expect(slots.heldBy('HSI:b')).toBe(1);
    expect(slots.heldBy('DEA:a')).toBe(3);

    // While both want slots, the greedy caller gets back only up to its share (two of four).
    greedy.shift()!();
    greedy.shift()!();
    await settle();
    expect(slots.heldBy('DEA:a')).toBe(2);

    (await other)();
    while (greedy.length) greedy.shift()!();
    await Promise.all(backlog);
    while (greedy.length) greedy.shift()!();
    expect(slots.heldBy('DEA:a')).toBe(0);
  });

  it('releasing twice frees one slot only', async () => {
    const slots = new FairSlots(1);
    const release = await slots.acquire('DEA:a');
    release();
    release();
    const again = await slots.acquire('HSI:b');
    let third = false;
    void slots.acquire('FBI:c').then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    again();
  });
});
