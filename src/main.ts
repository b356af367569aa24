// Entry point: global styles, then the app into #app.

import { mount } from 'svelte';
import App from './ui/app.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

mount(App, { target });
