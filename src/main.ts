// Entry point: global styles, then the app into #app.

import { mount } from 'svelte';
import App from './ui/app.svelte';
import { languageName } from './ui/language-names';
import './ui/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

mount(App, { target });

// Building Intl.DisplayNames costs 40 to 90 ms the first time: pay it while the page is idle,
// not inside the first snapshot's render, where it would be a long task.
requestIdleCallback(() => languageName('en'), { timeout: 1000 });
