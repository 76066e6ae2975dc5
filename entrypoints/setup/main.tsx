import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import '@/components/theme.css';
import './setup.css';
import { Setup } from './Setup';

localizeDocument('setupPageTitle');
render(<Setup />, document.getElementById('app') as HTMLElement);
