/** The typed cluster model that inspect, reach and trace --cluster share. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Cluster } from '../../src/cluster/cluster.ts';
import { modelOf } from '../../src/cluster/model.ts';
import { readBuffers } from '../../src/cluster/read.ts';

async function modelFrom(yaml: string) {
  const read = await readBuffers([{ file: 'test.yaml', bytes: Buffer.from(yaml) }]);
  return modelOf(new Cluster(read.objects, (text) => parse(text)));
}

const INPUT = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: a } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  template:
    metadata: { labels: { app: web, __proto__: x } }
    spec:
      containers:
        - name: main
          ports: [{ name: http, containerPort: 8080 }, { containerPort: 53, protocol: udp }]
---
apiVersion: v1
kind: Pod
metadata:
  name: api-7d9f-abcde
  namespace: shop
  labels: { app: api }
  ownerReferences: [{ kind: ReplicaSet, name: api-7d9f, controller: true, uid: u1 }]
spec: { nodeName: node-a, containers: [{ name: api, ports: [{ containerPort: 9000 }] }] }
status: { podIP: 10.244.0.5 }
---
apiVersion: v1
kind: Pod
metadata: { name: lone }
spec: { containers: [{ name: c }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-abc, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ name: http, port: 8080, protocol: TCP }]
endpoints:
  - addresses: [10.244.0.7]
    conditions: { ready: true }
    nodeName: node-a
  - addresses: [10.244.1.7]
    conditions: { ready: false, serving: true, terminating: true }
`;

describe('cluster model', () => {
  it('groups Pods by owner, and keeps workload objects and bare Pods as workloads', async () => {
    const model = await modelFrom(INPUT);
    expect(model.workloads.map((w) => w.key)).toEqual(['default/Pod/lone', 'shop/Deployment/web', 'shop/ReplicaSet/api-7d9f']);
    const api = model.workload('shop/ReplicaSet/api-7d9f');
    expect(api?.pods.map((p) => [p.name, p.ips, p.node])).toEqual([['api-7d9f-abcde', ['10.244.0.5'], 'node-a']]);
    expect(api?.object).toBeUndefined();
    expect(model.podByIp('10.244.0.5')?.name).toBe('api-7d9f-abcde');
  });

  it('reads template labels and container ports, protocol upper-cased, TCP by default', async () => {
    const web = (await modelFrom(INPUT)).workload('shop/Deployment/web');
    expect(web?.replicas).toBe(2);
    expect({ ...web?.labels }).toEqual({ app: web?.labels.app, ['__proto__']: 'x' });
    expect(Object.getPrototypeOf(web?.labels)).toBeNull();
    expect(web?.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP', container: 'main' },
      { port: 53, protocol: 'UDP', container: 'main' },
    ]);
  });

  it('joins a Service to its workloads and EndpointSlices, with the conditions as the API defines their defaults', async () => {
    const model = await modelFrom(INPUT);
    const svc = model.service('shop', 'web');
    expect(svc?.workloads).toEqual(['shop/Deployment/web']);
    expect(svc?.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
    expect(svc?.internalTrafficPolicy).toBe('Cluster');
    const endpoints = svc ? model.slicesOf(svc).flatMap((s) => s.endpoints) : [];
    expect(endpoints.map((e) => [e.addresses[0], e.ready, e.serving, e.terminating])).toEqual([
      ['10.244.0.7', true, true, false],
      ['10.244.1.7', false, true, true],
    ]);
  });

  it('gives every namespace its kubernetes.io/metadata.name label, declared or not', async () => {
    const model = await modelFrom(INPUT);
    expect({ ...model.namespace('shop').labels }).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'shop' });
    expect(model.namespace('default')).toMatchObject({ declared: false, labels: { 'kubernetes.io/metadata.name': 'default' } });
  });

  it('groups mirror Pods by themselves (a Node is no workload) and Pods under an owner reference without kind', async () => {
    const model = await modelFrom(`
apiVersion: v1
kind: Pod
metadata: { name: etcd-node-a, namespace: kube-system, ownerReferences: [{ kind: Node, name: node-a, controller: true }] }
spec: { containers: [{ name: etcd }] }
---
apiVersion: v1
kind: Pod
metadata: { name: p1, ownerReferences: [{ name: agent, controller: true }] }
spec: { containers: [{ name: c }] }
---
apiVersion: v1
kind: Pod
metadata: { name: p2, ownerReferences: [{ name: agent, controller: true }] }
spec: { containers: [{ name: c }] }
`);
    expect(model.workloads.map((w) => [w.key, w.pods.length])).toEqual([
      ['default/Pod/agent', 2],
      ['kube-system/Pod/etcd-node-a', 1],
    ]);
  });

  it('reads Ingress and OpenShift Route backends: Service, port by number or name, host and path', async () => {
    const model = await modelFrom(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: shop }
spec:
  defaultBackend: { service: { name: fallback, port: { number: 8080 } } }
  rules:
    - host: shop.example.com
      http: { paths: [{ path: /api, pathType: Prefix, backend: { service: { name: api, port: { name: http } } } }] }
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: { name: web, namespace: shop }
spec:
  host: web.example.com
  to: { kind: Service, name: web }
  alternateBackends: [{ kind: Service, name: web-canary }, { kind: Other, name: nope }]
  port: { targetPort: http }
`);
    expect(model.exposures.map((e) => [e.kind, e.name, e.backends])).toEqual([
      [
        'Ingress',
        'shop',
        [
          { service: 'fallback', port: 8080, host: '*', path: '/' },
          { service: 'api', port: 'http', host: 'shop.example.com', path: '/api' },
        ],
      ],
      [
        'Route',
        'web',
        [
          { service: 'web', port: 'http', host: 'web.example.com', path: '/' },
          { service: 'web-canary', port: 'http', host: 'web.example.com', path: '/' },
        ],
      ],
    ]);
  });
});
