import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import '@/components/theme.css';
import './options.css';
import { Options } from './Options';

localizeDocument('optionsPageTitle');
render(<Options />, document.getElementById('app') as HTMLElement);
