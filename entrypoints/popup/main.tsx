import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import '@/components/theme.css';
import './popup.css';
import { Popup } from './Popup';

localizeDocument('extName');
render(<Popup />, document.getElementById('app') as HTMLElement);
