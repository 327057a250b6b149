/** Styles of the pages coordinators and administrators work in (tables that become cards on a phone, confirmation steps). */
export const MANAGE_CSS = '/static/css/manage.css';
