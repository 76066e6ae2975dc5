import { render } from 'preact';
import '@/components/theme.css';
import './card.css';
import { Card } from './Card';

render(<Card />, document.getElementById('app') as HTMLElement);
