import { render } from 'preact';
import { localizeDocument } from '@/lib/i18n';
import '@/components/theme.css';
import './card.css';
import { Card } from './Card';

localizeDocument('cardPageTitle');
render(<Card />, document.getElementById('app') as HTMLElement);
