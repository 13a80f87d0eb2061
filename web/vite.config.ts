import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// Run from web/ (npm run build -w web, npx vite build). GONGZHI_API_URL points the dev proxy elsewhere.
export default defineConfig(({ mode }) => {
  const apiTarget = loadEnv(mode, '.', 'GONGZHI_').GONGZHI_API_URL ?? 'http://localhost:3000';
  return {
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1600,
      rolldownOptions: {
        output: {
          // libraries change rarely: their own files stay cached between releases
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 30 },
              { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
              { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component)[\\/]/, priority: 10 },
            ],
          },
        },
      },
    },
    server: {
      port: 5173,
      proxy: {
        '/api': { target: apiTarget },
        '/healthz': { target: apiTarget },
      },
    },
  };
});
