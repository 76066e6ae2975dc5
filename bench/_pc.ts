import { measurePageCost } from './page-cost';

const f = await measurePageCost(Number(process.env.BENCH_RUNS ?? 3));
console.log(JSON.stringify(f, null, 1));
