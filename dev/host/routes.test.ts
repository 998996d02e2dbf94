import { describe, expect, it } from 'vitest';
import { RouteTable } from './routes.js';

function table(): RouteTable<string> {
  const t = new RouteTable<string>();
  t.add('tickets/{id}', ['GET'], 'ticket');
  t.add('tickets', ['GET'], 'tickets');
  t.add('tickets/stats', ['GET'], 'stats');
  t.add('items/{id:int}', ['GET'], 'item-int');
  t.add('items/{name}', ['GET'], 'item-name');
  t.add('files/{*rest}', ['GET'], 'files');
  t.add('search/{term?}', ['GET', 'POST'], 'search');
  t.add('notifications', ['POST'], 'notifications');
  return t;
}

describe('route templates', () => {
  it('binds {id} to the segment, URL-decoded', () => {
    expect(table().match('GET', '/tickets/a%20b')).toEqual({ value: 'ticket', params: { id: 'a b' } });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(table().match('GET', '/tickets/stats')?.value).toBe('stats');
  });

  it('matches literals case-insensitively and tolerates a trailing slash', () => {
    expect(table().match('GET', '/TICKETS/')?.value).toBe('tickets');
  });

  it('applies the int constraint before falling back to an unconstrained route', () => {
    expect(table().match('GET', '/items/42')).toEqual({ value: 'item-int', params: { id: '42' } });
    expect(table().match('GET', '/items/abc')).toEqual({ value: 'item-name', params: { name: 'abc' } });
  });

  it('lets an optional parameter be absent', () => {
    expect(table().match('GET', '/search')).toEqual({ value: 'search', params: {} });
    expect(table().match('POST', '/search/refund')).toEqual({ value: 'search', params: { term: 'refund' } });
  });

  it('gives a catch-all the rest of the path', () => {
    expect(table().match('GET', '/files/a/b/c.txt')).toEqual({ value: 'files', params: { rest: 'a/b/c.txt' } });
  });

  it('does not match a method the function does not accept', () => {
    expect(table().match('GET', '/notifications')).toBeUndefined();
    expect(table().match('POST', '/notifications')?.value).toBe('notifications');
  });

  it('does not match extra segments', () => {
    expect(table().match('GET', '/tickets/1/extra')).toBeUndefined();
  });
});
