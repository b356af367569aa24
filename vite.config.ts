import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * V8's explicit compile hint: compile every function of the chunk while the script loads, on
 * a background thread. Nearly all of our code runs as soon as the first frames arrive, and
 * compiling it lazily then cost the page's first snapshot 7 to 11 ms of main-thread time, about
 * half of it, in a trace. Browsers without the hint ignore a comment.
 */
const COMPILE_HINT = { postBanner: '//# allFunctionsCalledOnLoad' };

export default defineConfig({
  // Relative base so the static build works from any sub-path, worker chunk included.
  base: './',
  plugins: [svelte()],
  worker: { format: 'es', rolldownOptions: { output: COMPILE_HINT } },
  build: { target: 'es2022', sourcemap: true, rolldownOptions: { output: COMPILE_HINT } },
});
