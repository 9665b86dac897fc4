# One image recipe for both apps (they share libs/): `--build-arg APP=api` or `APP=worker`.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY seeds ./seeds
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ARG APP=api
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
# Noto Sans CJK for the county report PDF (apps/api/src/exports/county-report.pdf.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
RUN mkdir -p /var/lib/fazhi/files && chown -R node:node /var/lib/fazhi
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${APP}/src/main.js"]
