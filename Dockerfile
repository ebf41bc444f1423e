# orcastrate worker image (cluster-side worker; see docker-compose.yml). Not built in CI: no Docker engine there.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# MALLOC_MMAP_THRESHOLD_: glibc returns freed large buffers at once (README "Worker memory")
ENV NODE_ENV=production ORCASTRATE_DATA_ROOT=/data/campaigns MALLOC_MMAP_THRESHOLD_=131072
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
RUN ln -s /app/bin/orcastrate /usr/local/bin/orcastrate
RUN mkdir -p /data/campaigns && chown node /data/campaigns
USER node
CMD ["sh", "-c", "orcastrate db migrate && exec orcastrate worker"]
